"""The completeness page and its API read ``?assignment=&period=&show=`` alike
(``kencana/readiness/filters.py``); a bad id in the library's comparison is a 404."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from kencana.readiness import selectors

from .factories import make_version


@pytest.mark.parametrize(
    "query",
    [
        {"period": "garbage"},
        {"period": "2026-13-45", "assignment": "abc", "show": "zzz"},
        {"assignment": "9" * 40, "show": ""},
        {"period": "1999-01-01"},  # a day that starts no period of the assignment
    ],
)
def test_the_completeness_page_shows_the_default_period_and_every_row_for_bad_values(
    assignment, staff, client_for, query
):
    page = client_for(staff).get(reverse("readiness:completeness"), query)
    assert page.status_code == 200
    assert page.context["chosen"] == assignment and page.context["start"] == selectors.default_period(assignment)
    assert page.context["show"] == "" and page.context["rows"] == page.context["result"].rows


def test_the_completeness_page_shows_the_rows_behind_a_figure(assignment, staff, client_for, current_start):
    page = client_for(staff).get(reverse("readiness:completeness"), {"period": current_start, "show": "missing"})
    assert page.context["show"] == "missing" and len(page.context["rows"]) == 2


def test_the_completeness_api_names_the_parameter_it_cannot_read(assignment, staff):
    api = APIClient()
    api.force_authenticate(staff)
    for query, name in (
        ({"assignment": assignment.pk, "period": "garbage"}, "period"),
        ({"assignment": "abc"}, "assignment"),
        ({}, "assignment"),
    ):
        answer = api.get("/api/v1/readiness/completeness/", query)
        assert answer.status_code == 400 and list(answer.json()) == [name]


@pytest.mark.parametrize("value", ["abc", "9" * 40, ""])
def test_a_bad_version_id_in_the_library_comparison_is_a_404(client_for, staff, balangan, value):
    published = make_version(balangan)
    page = client_for(staff).get(reverse("readiness:library_compare"), {"old": value, "new": published.pk})
    assert page.status_code == 404
    good = client_for(staff).get(reverse("readiness:library_compare"), {"old": published.pk, "new": published.pk})
    assert good.status_code == 200
    api = APIClient()
    api.force_authenticate(staff)
    answer = api.get(f"/api/v1/readiness/versions/{published.pk}/diff/", {"against": value})
    assert answer.status_code == 404
    assert api.get(f"/api/v1/readiness/versions/{published.pk}/diff/", {"against": published.pk}).status_code == 200
