"""/api/v1/card-templates/ and /api/v1/plan-templates/: list, library, adopt, apply."""

import pytest
from rest_framework.test import APIClient

from kencana.plans.models import ActionItem, PlanTemplate, QuickResponseCard

from .factories import CardFactory


@pytest.fixture
def api():
    return APIClient()


def test_staff_list_their_district_templates_with_the_published_content(api, staff, card_template, plan_template):
    api.force_authenticate(staff)
    cards = api.get("/api/v1/card-templates/").json()["results"]
    assert [c["name"] for c in cards] == ["Kartu banjir standar"]
    published = cards[0]["published"]
    assert published["hazard"] == "banjir" and [s["agency_kind"] for s in published["steps"]] == [
        "kecamatan",
        "puskesmas",
        "bpbd",
    ]
    plans = api.get("/api/v1/plan-templates/").json()["results"]
    assert plans[0]["published"]["items"][0]["due_offset_days"] == 60


def test_a_partner_admin_lists_the_library_and_adopts_with_provenance(api, partner_admin, plan_template):
    api.force_authenticate(partner_admin)
    assert api.get("/api/v1/plan-templates/").json()["results"] == []
    library = api.get("/api/v1/plan-templates/library/").json()["results"]
    assert [(t["id"], t["district"]) for t in library] == [(plan_template.pk, "63.11")]
    response = api.post(f"/api/v1/plan-templates/{plan_template.pk}/adopt/", {"name": "Rencana Banjar"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["district"] == "63.03" and body["source_template"] == plan_template.pk and body["published"] is None
    adopted = PlanTemplate.objects.get(pk=body["id"])
    assert adopted.draft_version().source_version == plan_template.published_version()
    assert api.get(f"/api/v1/plan-templates/{plan_template.pk}/").status_code == 404


def test_staff_apply_a_card_and_a_plan_template_through_the_api(api, staff, card_template, plan_template, paringin):
    api.force_authenticate(staff)
    response = api.post(f"/api/v1/card-templates/{card_template.pk}/apply/", {"kecamatan": "63.11.06"}, format="json")
    assert response.status_code == 200 and response.json()["kecamatan"] == "63.11.06"
    assert QuickResponseCard.objects.get(kecamatan=paringin).source_version == card_template.published_version()
    url = f"/api/v1/plan-templates/{plan_template.pk}/apply/"
    first = api.post(url, {"kecamatan": "63.11.06"}, format="json")
    assert first.status_code == 200 and len(first.json()) == 2
    assert api.post(url, {"kecamatan": "63.11.06"}, format="json").json() == []
    assert ActionItem.objects.filter(plan__kecamatan=paringin).count() == 2


def test_the_api_refuses_applying_for_officers_partners_and_outside_the_scope(
    api, officer, partner_staff, staff, card_template, paringin, awayan, flood
):
    api.force_authenticate(officer)
    assert api.post(f"/api/v1/card-templates/{card_template.pk}/apply/", {"kecamatan": "63.11.06"}).status_code == 404
    api.force_authenticate(partner_staff)
    assert api.post(f"/api/v1/card-templates/{card_template.pk}/apply/", {"kecamatan": "63.11.06"}).status_code == 404
    assert api.post(f"/api/v1/card-templates/{card_template.pk}/adopt/").status_code == 403
    api.force_authenticate(staff)
    CardFactory(kecamatan=awayan, hazard=flood)
    response = api.post(f"/api/v1/card-templates/{card_template.pk}/apply/", {"kecamatan": "63.11.03"}, format="json")
    assert response.status_code == 400 and response.json()["detail"]
    assert api.post(f"/api/v1/card-templates/{card_template.pk}/apply/", {"kecamatan": "63.03.01"}).status_code == 400
    assert not QuickResponseCard.objects.filter(source_version__isnull=False).exists()
