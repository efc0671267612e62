"""Every figure on every home page equals the list it links to.

A figure is a link that carries its count (``data-count``); the list it opens says how many rows
it shows (``data-total``). The test follows each figure of each demo account's home page, on the
demo data, and compares the two. A link whose text starts with a number but carries no count fails
too, so a new figure cannot skip the check.
"""

import re

import pytest
from django.test import Client

from kencana.accounts.demo import demo_usernames
from kencana.accounts.models import User

from .html import read

STARTS_WITH_A_NUMBER = re.compile(r"^\s*\d")


def _total(html: str) -> int | None:
    found = re.findall(r'data-total="(\d+)"', html)
    return int(found[0]) if len(found) == 1 else None


def _follow(client: Client, path: str) -> tuple[list[dict], list[str]]:
    """The figures of the page at ``path`` and what is wrong with them: each is followed to its list."""
    home = client.get(path)
    assert home.status_code == 200
    links = [link for link in read(home.content.decode()).links if link["href"].startswith(("/", "?"))]
    figures = [link for link in links if "data-count" in link["attrs"]]
    problems = [
        f"{link['text'].strip()!r} → {link['href']} shows a number but carries no data-count"
        for link in links
        if "data-count" not in link["attrs"] and STARTS_WITH_A_NUMBER.match(link["text"])
    ]
    for figure in figures:
        target = client.get(figure["href"])
        total = _total(target.content.decode()) if target.status_code == 200 else None
        count = int(figure["attrs"]["data-count"])
        if total is None:
            problems.append(f"{figure['href']} ({target.status_code}) shows no single data-total")
        elif total != count:
            label = " ".join(figure["text"].split())
            problems.append(f"{label!r}: the figure says {count}, {figure['href']} lists {total}")
    return figures, problems


@pytest.mark.parametrize("username", [*demo_usernames(), "national"])
def test_each_figure_on_the_home_page_equals_the_list_it_opens(seeded_demo, username):
    client = Client()
    if username == "national":  # a superuser without a district: the national overview
        user = User.objects.create_superuser(username="national", password="unused-here-0")
    else:
        user = User.objects.get(username=username)
    client.force_login(user)
    _figures, problems = _follow(client, "/")
    assert not problems, f"{username}:\n" + "\n".join(problems)


# The readiness figures of each district on an overseer's home, and the list each one opens.
READINESS_FIGURES = {
    "awaiting verification": "/readiness/reports/?state=submitted&district=",
    "not verified": "/readiness/completeness/?show=unverified&district=",
    "completeness": "/readiness/completeness/?show=submitted&district=",
}


@pytest.mark.parametrize(("username", "path"), [("prov.kalsel", "/"), ("bnpb.pusat", "/?province=63")])
def test_an_overseers_readiness_figures_open_the_districts_reports(seeded_demo, username, path):
    client = Client()
    client.force_login(User.objects.get(username=username))
    figures, problems = _follow(client, path)
    assert not problems, f"{username}:\n" + "\n".join(problems)
    hrefs = [figure["href"] for figure in figures]
    for name, start in READINESS_FIGURES.items():
        # Balangan's kecamatan report (demo), Banjar's assign no template: each its own list.
        for district in ("63.11", "63.03") if name == "not verified" else ("63.11",):
            assert any(href.startswith(start + district) for href in hrefs), f"{name} of {district}: {hrefs}"
    # The list says what it is narrowed to, and its filter form keeps the district.
    balangan = READINESS_FIGURES["not verified"] + "63.11"
    narrowed = client.get(next(href for href in hrefs if href.startswith(balangan))).content.decode()
    assert 'class="filtered-to"' in narrowed and "Balangan" in narrowed
    assert '<input type="hidden" name="district" value="63.11">' in narrowed
