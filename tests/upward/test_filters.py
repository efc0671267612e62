"""The SPM reports page reads ``?district=&state=`` through ``SpmIndexQuery``
(``kencana/upward/filters.py``): a good value filters the list, a value the page cannot read shows
every report (200)."""

import pytest
from django.urls import reverse

from kencana.upward import services

from ..factories import today


@pytest.fixture
def report(balangan, paringin, awayan, staff):
    year, quarter = services.last_quarter(today())
    return services.spm_report_open(district=balangan, year=year, quarter=quarter, by=staff)


def listed(client, query) -> tuple[list[int], str, str]:
    page = client.get(reverse("upward:index"), query)
    assert page.status_code == 200
    return [r.pk for r in page.context["reports"]], page.context["district"], page.context["state"]


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"district": "63.11"}, True),
        ({"district": "63.03"}, False),  # another district: none of its reports here
        ({"state": "draft"}, True),
        ({"state": "verified"}, False),
        ({"district": "63.11", "state": "draft"}, True),
    ],
)
def test_the_page_shows_the_district_and_state_asked_for(client_for, staff, report, query, shown):
    reports, district, state = listed(client_for(staff), query)
    assert reports == ([report.pk] if shown else [])
    assert (district, state) == (query.get("district", ""), query.get("state", ""))


@pytest.mark.parametrize(
    "query",
    [{"district": "Balangan"}, {"district": "63.11\x00"}, {"state": "zzz"}, {"district": "6311", "state": "Draft"}],
)
def test_the_page_shows_every_report_for_what_it_cannot_read(client_for, staff, report, query):
    assert listed(client_for(staff), query) == ([report.pk], "", "")
