"""The plans pages and the API filter their lists with the same FilterSets (``kencana/plans/filters.py``)."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from kencana.plans.models import ActionItem

from .factories import ActionItemFactory, AgencyFactory


@pytest.fixture
def agencies(paringin):
    return [
        AgencyFactory(kecamatan=paringin, kind="puskesmas", name="Puskesmas Paringin"),
        AgencyFactory(kecamatan=paringin, kind="polsek", name="Polsek Paringin"),
        AgencyFactory(kecamatan=paringin, kind="puskesmas", name="Puskesmas Lampihong"),
    ]


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_agencies_page_and_the_api_filter_by_kind_and_name_alike(client_for, staff, agencies):
    query = {"kind": "puskesmas", "q": " paringin "}
    page = client_for(staff).get(reverse("plans:agencies"), query).text
    api = _api(staff).get("/api/v1/agencies/", query).json()["results"]
    assert "Puskesmas Paringin" in page and "Polsek Paringin" not in page and "Puskesmas Lampihong" not in page
    assert [a["name"] for a in api] == ["Puskesmas Paringin"]


def test_an_unknown_kind_is_ignored_by_the_page_and_named_by_the_api(client_for, staff, agencies):
    page = client_for(staff).get(reverse("plans:agencies"), {"kind": "dukun"})
    assert page.status_code == 200
    assert all(agency.name in page.text for agency in agencies)
    api = _api(staff).get("/api/v1/agencies/", {"kind": "dukun"})
    assert api.status_code == 400 and "kind" in api.json()


def test_the_plan_page_and_the_api_filter_items_by_status_alike(client_for, officer, paringin_item):
    done = ActionItemFactory(plan=paringin_item.plan, title="Latihan selesai", status=ActionItem.Status.DONE)
    page = client_for(officer).get(reverse("plans:kecamatan_plan", args=["63.11.06"]), {"status": "done"}).text
    api = _api(officer).get("/api/v1/action-items/", {"status": "done"}).json()["results"]
    assert done.title in page and paringin_item.title not in page
    assert [row["title"] for row in api] == [done.title]
    unfiltered = client_for(officer).get(reverse("plans:kecamatan_plan", args=["63.11.06"]), {"status": "x"})
    assert unfiltered.status_code == 200 and done.title in unfiltered.text and paringin_item.title in unfiltered.text
    assert _api(officer).get("/api/v1/action-items/", {"status": "x"}).status_code == 400


def test_the_plans_page_lists_overdue_items_only_when_asked_and_ignores_a_bad_value(client_for, staff, paringin, today):
    from .factories import ActionPlanFactory

    late = ActionItemFactory(
        plan=ActionPlanFactory(kecamatan=paringin),
        title="Simulasi evakuasi",
        due_date=today - datetime.timedelta(days=3),
    )
    client = client_for(staff)
    asked = client.get(reverse("plans:index"), {"overdue": "1"})
    assert asked.status_code == 200 and list(asked.context["overdue_items"]) == [late]
    for value in ("garbage", "0", ""):
        page = client.get(reverse("plans:index"), {"overdue": value})
        assert page.status_code == 200 and page.context["overdue_items"] is None


@pytest.mark.parametrize("value", ["abc", "9" * 40, "-1"])
def test_a_bad_version_id_in_the_template_comparison_is_a_404(client_for, staff, value):
    page = client_for(staff).get(reverse("plans:template_compare", args=["cards"]), {"old": value, "new": value})
    assert page.status_code == 404
