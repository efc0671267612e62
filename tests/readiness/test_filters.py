"""The completeness page and its API read ``?assignment=&period=&show=`` alike, a report's page
``?missing=1`` and the API's desa and school lists ``?kecamatan=`` (``kencana/readiness/filters.py``);
a bad id in the library's comparison is a 404."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from kencana.readiness import selectors

from ..factories import DesaFactory, SchoolFactory
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


def test_a_report_page_marks_the_missing_questions_when_asked(report, officer, client_for):
    client = client_for(officer)
    marked = client.get(reverse("readiness:report_detail", args=[report.pk]), {"missing": "1"})
    assert marked.status_code == 200 and marked.context["missing_marked"] is True
    assert "data-missing" in marked.text
    unmarked = client.get(reverse("readiness:report_detail", args=[report.pk]))
    assert unmarked.context["missing_marked"] is False and unmarked.context["missing"] == marked.context["missing"]


@pytest.mark.parametrize("value", ["yes", "0", "2", "1\x00", ""])
def test_a_report_page_marks_nothing_for_a_value_it_cannot_read(report, officer, client_for, value):
    page = client_for(officer).get(reverse("readiness:report_detail", args=[report.pk]), {"missing": value})
    assert page.status_code == 200 and page.context["missing_marked"] is False and page.context["missing"]


@pytest.fixture
def units(paringin, awayan, lasung_batu):
    """A desa with a school in Paringin and in Awayan."""
    other = DesaFactory(kecamatan=awayan, code=f"{awayan.code}.2001", name="Desa Awayan")
    SchoolFactory(desa=lasung_batu, npsn="99110611")
    SchoolFactory(desa=other, npsn="99110311")


UNIT_LISTS = [("/api/v1/readiness/desa/", "kecamatan"), ("/api/v1/readiness/schools/", "desa")]


@pytest.mark.parametrize(("url", "place"), UNIT_LISTS)
def test_the_unit_lists_show_the_kecamatan_asked_for_and_every_one_when_left_out(staff, units, url, place):
    api = APIClient()
    api.force_authenticate(staff)
    one = api.get(url, {"kecamatan": "63.11.06"}).json()
    assert one and {row[place][:8] for row in one} == {"63.11.06"}
    assert {row[place][:8] for row in api.get(url).json()} == {"63.11.06", "63.11.03"}


@pytest.mark.parametrize(("url", "place"), UNIT_LISTS)
@pytest.mark.parametrize("value", ["abc", "63.11", "63.11.06\x00", "63.11.06,63.11.03", "9" * 40])
def test_the_unit_lists_name_a_kecamatan_they_cannot_read(staff, units, url, place, value):
    api = APIClient()
    api.force_authenticate(staff)
    answer = api.get(url, {"kecamatan": value})
    assert answer.status_code == 400 and list(answer.json()) == ["kecamatan"]


@pytest.mark.parametrize(("url", "place"), UNIT_LISTS)
def test_the_unit_lists_do_not_find_a_kecamatan_outside_the_scope(officer, units, url, place):
    api = APIClient()
    api.force_authenticate(officer)
    assert api.get(url, {"kecamatan": "63.11.03"}).status_code == 404
    assert api.get(url, {"kecamatan": "63.11.06"}).status_code == 200


def test_an_overseers_figure_narrows_the_completeness_page_to_one_district(
    assignment, province_staff, client_for, current_start, banjar, aluh_aluh
):
    client = client_for(province_staff)
    page = client.get(reverse("readiness:completeness"), {"district": "63.11", "show": "unverified"})
    assert page.context["chosen"] == assignment and page.context["district"].code == "63.11"
    assert len(page.context["rows"]) == 2 and 'name="district" value="63.11"' in page.text
    # Banjar assigns no template: its kecamatan are listed as not assessed.
    banjars = client.get(reverse("readiness:completeness"), {"district": "63.03", "show": "unverified"})
    assert [k.code for k in banjars.context["unassigned"]] == [aluh_aluh.code] and 'data-total="1"' in banjars.text
    assert client.get(reverse("readiness:completeness"), {"district": "64.01"}).status_code == 404


def test_the_reports_list_narrowed_to_a_district_keeps_it_and_404s_outside_the_scope(
    submitted, staff, client_for, outsider_district
):
    client = client_for(staff)
    page = client.get(reverse("readiness:results"), {"district": "63.11", "state": "submitted"})
    assert page.context["count"] == 1 and 'class="filtered-to"' in page.text
    assert '<input type="hidden" name="district" value="63.11">' in page.text
    assert client.get(reverse("readiness:results"), {"district": "64.01"}).status_code == 404
    assert client.get(reverse("readiness:results"), {"district": "nonsense"}).context["count"] == 1  # ignored
