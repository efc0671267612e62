"""Every link on a person's home page says where it leads (WCAG 2.4.4, link purpose): two links
that read the same lead to the same place, and a link to a place on a page finds that place.

On the demo data, each demo account's home page is read as a browser would: an officer with a
kecamatan, its desa and its schools has several reports due in the same period, and each must be
told apart by what it names (the unit and the instrument), not only by where it sits in a list.
"""

from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from django.test import Client

from kencana.accounts.demo import demo_usernames
from kencana.accounts.models import User

from .html import read


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _home_links(client: Client) -> list[dict]:
    home = client.get("/")
    assert home.status_code == 200
    return [link for link in read(home.content.decode()).links if link["href"].startswith(("/", "?", "#"))]


def _text(link: dict) -> str:
    return " ".join(link["text"].split())


@pytest.mark.parametrize("username", demo_usernames())
def test_links_that_read_the_same_lead_to_the_same_place(seeded_demo, username):
    """Figures (a count in a table whose headers say what is counted; test_dashboard_figures
    follows each to its list) and a table's sort links (the column's name, on the same page) are
    read in their table: every other link must say on its own where it leads."""
    addresses = defaultdict(set)
    for link in _home_links(_client(username)):
        if "data-count" not in link["attrs"] and not link["href"].startswith("?"):
            addresses[_text(link)].add(link["href"])
    same_words = {text: sorted(hrefs) for text, hrefs in addresses.items() if len(hrefs) > 1}
    assert not same_words, f"{username}: links that read the same but lead to different places: {same_words}"


@pytest.mark.parametrize("username", demo_usernames())
def test_a_link_to_a_place_on_a_page_finds_it(seeded_demo, username):
    client = _client(username)
    missing = []
    for link in _home_links(client):
        address = urlsplit(link["href"])
        if address.fragment:  # a place on another page, or on the home page itself
            page = client.get((address.path or "/") + (f"?{address.query}" if address.query else ""))
            if f'id="{address.fragment}"' not in page.content.decode():
                missing.append(link["href"])
    assert not missing, f"{username}: no such place on the page: {missing}"


def test_an_officers_due_reports_name_their_unit_and_instrument(seeded_demo):
    """camat.paringin has the kecamatan's Kencana report, the desa's Destana assessments and more
    due at once: each is named, and the ones already started open their report."""
    due = [
        link
        for link in _home_links(_client("camat.paringin"))
        if link["href"].startswith(("/readiness/#", "/readiness/reports/"))
    ]
    assert len(due) > 1
    texts = [_text(link) for link in due]
    assert len(set(texts)) == len(texts), texts
    assert all(text.count(" · ") >= 2 for text in texts), texts
