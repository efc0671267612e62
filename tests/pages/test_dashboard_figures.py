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

from ..seeded import restore, seed_everything
from .html import read

STARTS_WITH_A_NUMBER = re.compile(r"^\s*\d")


@pytest.fixture
def demo_data(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    restore("everything", seed_everything)


def _total(html: str) -> int | None:
    found = re.findall(r'data-total="(\d+)"', html)
    return int(found[0]) if len(found) == 1 else None


@pytest.mark.parametrize("username", [*demo_usernames(), "national"])
def test_each_figure_on_the_home_page_equals_the_list_it_opens(demo_data, username):
    client = Client()
    if username == "national":  # a superuser without a district: the national overview
        user = User.objects.create_superuser(username="national", password="unused-here-0")
    else:
        user = User.objects.get(username=username)
    client.force_login(user)
    home = client.get("/")
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
    assert not problems, f"{username}:\n" + "\n".join(problems)
