"""What a partner district reads in the library pages: published and retired versions, never a draft."""

import pytest
from django.urls import reverse

from .factories import make_version

SECRET = "Catatan draf: ambang Madya akan dinaikkan"


@pytest.fixture
def shared(balangan):
    """Balangan's shared template: version 1 published, version 2 a draft with its notes."""
    published = make_version(balangan)
    draft = make_version(balangan, template=published.template, number=2, state="draft")
    draft.notes = SECRET
    draft.save()
    return published, draft


def test_a_partner_opens_compares_and_exports_the_published_version(client_for, partner_staff, shared):
    published, _draft = shared
    client = client_for(partner_staff)
    assert client.get(reverse("readiness:library_version", args=[published.pk])).status_code == 200
    assert client.get(reverse("readiness:library_export", args=[published.pk, "csv"])).status_code == 200
    compare = client.get(reverse("readiness:library_compare"), {"old": published.pk, "new": published.pk})
    assert compare.status_code == 200


@pytest.mark.parametrize("page", ["version", "export_csv", "export_json", "compare_new", "compare_old"])
def test_a_partner_never_reaches_a_draft_version(client_for, partner_staff, shared, page):
    published, draft = shared
    url, params = {
        "version": (reverse("readiness:library_version", args=[draft.pk]), {}),
        "export_csv": (reverse("readiness:library_export", args=[draft.pk, "csv"]), {}),
        "export_json": (reverse("readiness:library_export", args=[draft.pk, "json"]), {}),
        "compare_new": (reverse("readiness:library_compare"), {"old": published.pk, "new": draft.pk}),
        "compare_old": (reverse("readiness:library_compare"), {"old": draft.pk, "new": published.pk}),
    }[page]
    response = client_for(partner_staff).get(url, params)
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_the_library_pages_never_show_a_drafts_notes(client_for, partner_staff, shared):
    published, _draft = shared
    client = client_for(partner_staff)
    for url in (
        reverse("readiness:library"),
        reverse("readiness:library_detail", args=[published.template.pk]),
        reverse("readiness:library_version", args=[published.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert SECRET not in response.content.decode()
