import datetime

import pytest
from rest_framework.test import APIClient

from kecamatan.models import Hazard, RiskProfile
from kencana.plans.models import ActionItem, Agency

from .factories import ActionItemFactory, ActionPlanFactory, CardFactory


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def fire(paringin):
    return RiskProfile.objects.create(
        kecamatan=paringin,
        hazard=Hazard.objects.get(code="karhutla"),
        hazard_index="0.6",
        vulnerability_index="0.5",
        capacity_index="0.4",
    )


def test_an_officer_lists_only_items_of_their_kecamatan(api, officer, paringin_item, awayan_item):
    api.force_authenticate(officer)
    response = api.get("/api/v1/action-items/")
    assert [i["id"] for i in response.json()["results"]] == [paringin_item.pk]
    assert response.json()["results"][0]["kecamatan"] == "63.11.06"


def test_an_officer_updates_paringin_through_the_api_and_gets_404_on_awayan(api, officer, paringin_item, awayan_item):
    api.force_authenticate(officer)
    response = api.patch(
        f"/api/v1/action-items/{paringin_item.pk}/", {"progress": 70, "status": "in_progress"}, format="json"
    )
    assert response.status_code == 200 and response.json()["progress"] == 70
    assert api.patch(f"/api/v1/action-items/{awayan_item.pk}/", {"progress": 70}, format="json").status_code == 404
    history = api.get(f"/api/v1/action-items/{paringin_item.pk}/history/").json()
    assert history[0]["user"] == "camat.paringin" and history[0]["progress"] == 70


def test_bad_values_are_a_400_naming_the_field(api, officer, paringin_item):
    api.force_authenticate(officer)
    response = api.patch(
        f"/api/v1/action-items/{paringin_item.pk}/",
        {"start_date": "2026-05-01", "due_date": "2026-04-01"},
        format="json",
    )
    assert response.status_code == 400 and "due_date" in response.json()


def test_items_are_created_in_the_kecamatan_plan_and_refused_for_another(api, officer, paringin, awayan):
    api.force_authenticate(officer)
    response = api.post("/api/v1/action-items/", {"kecamatan": "63.11.06", "title": "Latihan posko"}, format="json")
    assert response.status_code == 201 and ActionItem.objects.get().plan.kecamatan == paringin
    response = api.post("/api/v1/action-items/", {"kecamatan": "63.11.03", "title": "Latihan posko"}, format="json")
    assert response.status_code == 400 and ActionItem.objects.count() == 1
    response = api.post("/api/v1/action-items/", {"title": "Kajian risiko"}, format="json")
    assert response.status_code == 403


def test_the_overdue_filter(api, staff, paringin, today):
    plan = ActionPlanFactory(kecamatan=paringin)
    late = ActionItemFactory(plan=plan, due_date=today - datetime.timedelta(days=1))
    ActionItemFactory(plan=plan, due_date=today + datetime.timedelta(days=1))
    api.force_authenticate(staff)
    rows = api.get("/api/v1/action-items/", {"overdue": "true"}).json()["results"]
    assert [r["id"] for r in rows] == [late.pk] and rows[0]["is_overdue"] is True


def test_partner_staff_see_none_of_balangans_plans_cards_or_risk(api, partner_staff, paringin_item, fire, paringin):
    card = CardFactory(kecamatan=paringin)
    api.force_authenticate(partner_staff)
    assert api.get("/api/v1/action-items/").json()["results"] == []
    assert api.get(f"/api/v1/quick-response-cards/{card.pk}/").status_code == 404
    assert api.get(f"/api/v1/risk-profiles/{fire.pk}/").status_code == 404
    assert api.get("/api/v1/action-plans/").json()["results"] == []


def test_risk_profiles_are_filtered_by_kecamatan_and_written_by_staff_only(api, staff, officer, fire, awayan):
    api.force_authenticate(officer)
    assert api.get("/api/v1/risk-profiles/", {"kecamatan": "63.11.06"}).json()["results"][0]["risk_class"] == "sedang"
    assert api.patch(f"/api/v1/risk-profiles/{fire.pk}/", {"hazard_index": "0.9"}, format="json").status_code == 403
    api.force_authenticate(staff)
    response = api.patch(
        f"/api/v1/risk-profiles/{fire.pk}/", {"hazard_index": "0.95", "season_months": [6, 7]}, format="json"
    )
    assert response.status_code == 200 and response.json()["season_months"] == [6, 7]
    response = api.post(
        "/api/v1/risk-profiles/",
        {
            "kecamatan": "63.11.03",
            "hazard": "banjir",
            "hazard_index": "0.8",
            "vulnerability_index": "0.64",
            "capacity_index": "0.32",
            "season_months": [11, 12, 1],
        },
        format="json",
    )
    assert response.status_code == 201 and response.json()["risk_class"] == "tinggi"
    response = api.post(
        "/api/v1/risk-profiles/",
        {
            "kecamatan": "63.11.03",
            "hazard": "banjir",
            "hazard_index": "2",
            "vulnerability_index": "0.6",
            "capacity_index": "0.3",
        },
        format="json",
    )
    assert response.status_code == 400 and "hazard_index" in response.json()


def test_cards_come_with_steps_roster_and_staleness_and_can_be_reviewed(api, officer, paringin, puskesmas):
    card = CardFactory(kecamatan=paringin, last_reviewed_on=datetime.date(2020, 1, 1))
    card.steps.update(agency=puskesmas)
    api.force_authenticate(officer)
    data = api.get(f"/api/v1/quick-response-cards/{card.pk}/").json()
    assert data["is_stale"] is True and data["roster"][0]["name"] == "Puskesmas Paringin"
    assert data["steps"][0]["within_minutes"] == 0
    reviewed = api.post(f"/api/v1/quick-response-cards/{card.pk}/review/").json()
    assert reviewed["is_stale"] is False


def test_agencies_are_read_by_all_in_the_district_and_written_by_staff(api, officer, staff, puskesmas):
    api.force_authenticate(officer)
    assert [a["name"] for a in api.get("/api/v1/agencies/").json()["results"]] == ["Puskesmas Paringin"]
    assert api.post("/api/v1/agencies/", {"kind": "pmi", "name": "PMI Balangan"}, format="json").status_code == 403
    api.force_authenticate(staff)
    response = api.post("/api/v1/agencies/", {"kind": "pmi", "name": "PMI Balangan", "phone": "0811"}, format="json")
    assert response.status_code == 201 and Agency.objects.filter(name="PMI Balangan", district__code="63.11").exists()
