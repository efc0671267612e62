import datetime
from pathlib import Path

from django.urls import reverse

from kecamatan.models import Hazard
from kencana.plans.models import ActionItem, Evidence, QuickResponseCard

from .factories import ActionItemFactory, ActionPlanFactory, CardFactory

DATA = Path(__file__).parent / "data"


def item_form(**overrides):
    data = {"title": "Sosialisasi peta rawan", "status": "in_progress", "progress": "60", "budget_source": ""}
    data.update(overrides)
    return data


def test_camat_paringin_updates_an_item_of_paringin(client_for, officer, paringin_item):
    client = client_for(officer)
    response = client.post(reverse("plans:item_edit", args=[paringin_item.pk]), item_form(note="Tiga desa selesai"))
    assert response.status_code == 302
    paringin_item.refresh_from_db()
    assert paringin_item.progress == 60 and paringin_item.note == "Tiga desa selesai"
    page = client.get(reverse("plans:item", args=[paringin_item.pk])).text
    assert "camat.paringin" in page and "<ins>60</ins>" in page


def test_camat_paringin_gets_404_on_awayans_item(client_for, officer, awayan_item):
    client = client_for(officer)
    for name in ("plans:item", "plans:item_edit"):
        assert client.get(reverse(name, args=[awayan_item.pk])).status_code == 404
    assert client.post(reverse("plans:item_edit", args=[awayan_item.pk]), item_form()).status_code == 404
    assert client.get(reverse("plans:kecamatan_plan", args=["63.11.03"])).status_code == 404
    awayan_item.refresh_from_db()
    assert awayan_item.progress == 0


def test_staff_see_and_edit_every_plan_of_the_district(client_for, staff, paringin_item, awayan_item):
    client = client_for(staff)
    assert client.post(reverse("plans:item_edit", args=[awayan_item.pk]), item_form()).status_code == 302
    index = client.get(reverse("plans:index")).text
    assert "Paringin" in index and "Awayan" in index


def test_partner_staff_find_nothing_of_balangan(client_for, partner_staff, paringin_item):
    client = client_for(partner_staff)
    assert client.get(reverse("plans:item", args=[paringin_item.pk])).status_code == 404
    assert client.get(reverse("plans:kecamatan_plan", args=["63.11.06"])).status_code == 404


def test_an_officer_adds_an_item_and_the_plan_is_created_with_it(client_for, officer, paringin):
    response = client_for(officer).post(
        reverse("plans:item_create", args=["63.11.06"]), item_form(title="Latihan posko")
    )
    assert response.status_code == 302
    item = ActionItem.objects.get(title="Latihan posko")
    assert item.plan.kecamatan == paringin and item.history.first().history_user.username == "camat.paringin"


def test_an_officer_may_not_add_to_the_district_plan(client_for, officer):
    assert client_for(officer).get(reverse("plans:district_item_create")).status_code == 403


def test_overdue_items_show_on_the_kecamatan_page(client_for, officer, paringin, today):
    plan = ActionPlanFactory(kecamatan=paringin)
    ActionItemFactory(plan=plan, title="Simulasi evakuasi banjir", due_date=today - datetime.timedelta(days=3))
    ActionItemFactory(plan=plan, title="Rapat koordinasi", due_date=today + datetime.timedelta(days=3))
    page = client_for(officer).get(reverse("kecamatan:detail", args=["63.11.06"])).text
    assert "Simulasi evakuasi banjir" in page and "Rapat koordinasi" not in page


def test_evidence_is_checked_by_content_stored_under_a_random_name_and_served_in_scope(
    client_for, officer, awayan_officer, paringin_item
):
    client = client_for(officer)
    url = reverse("plans:evidence_upload", args=[paringin_item.pk])
    with (DATA / "fake.png").open("rb") as upload:
        client.post(url, {"file": upload})
    assert not Evidence.objects.exists()
    with (DATA / "photo.png").open("rb") as upload:
        client.post(url, {"file": upload, "caption": "Foto sosialisasi"})
    evidence = Evidence.objects.get()
    assert evidence.extension == "png" and "photo" not in evidence.file.name
    response = client.get(reverse("plans:evidence", args=[evidence.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert client_for(awayan_officer).get(reverse("plans:evidence", args=[evidence.pk])).status_code == 404


def test_evidence_cannot_be_added_to_another_kecamatans_item(client_for, officer, awayan_item):
    with (DATA / "minutes.pdf").open("rb") as upload:
        response = client_for(officer).post(reverse("plans:evidence_upload", args=[awayan_item.pk]), {"file": upload})
    assert response.status_code == 404 and not Evidence.objects.exists()


def test_the_card_page_is_in_indonesian_with_its_roster(client_for, officer, paringin, puskesmas):
    card = CardFactory(kecamatan=paringin, steps=[("Buka layanan kesehatan", "Kepala Puskesmas", 120)])
    card.steps.update(agency=puskesmas)
    client = client_for(officer)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("plans:card", args=[card.pk])).text
    assert "KARTU AKSI CEPAT" in page.upper() and "≤ 2 jam" in page
    assert "Puskesmas Paringin" in page and puskesmas.phone in page


def test_an_officer_writes_a_card_with_the_step_rows(client_for, officer, paringin, puskesmas):
    flood = Hazard.objects.get(code="banjir")
    data = {
        "hazard": flood.pk,
        "trigger": "Muka air Siaga",
        "assembly_points": "Kantor Camat\nMasjid Jami",
        "reviewed": "on",
        "steps-TOTAL_FORMS": "3",
        "steps-INITIAL_FORMS": "0",
        "steps-0-action": "Sebarkan peringatan",
        "steps-0-role": "Kasi Trantib",
        "steps-0-within_minutes": "0",
        "steps-1-action": "Buka layanan kesehatan",
        "steps-1-role": "Kepala Puskesmas",
        "steps-1-agency": puskesmas.pk,
        "steps-1-within_minutes": "120",
    }
    response = client_for(officer).post(reverse("plans:card_create", args=["63.11.06"]), data)
    assert response.status_code == 302
    card = QuickResponseCard.objects.get()
    assert card.steps.count() == 2 and card.roster == [puskesmas]


def test_an_officer_cannot_open_the_card_form_of_another_kecamatan(client_for, officer, awayan):
    assert client_for(officer).get(reverse("plans:card_create", args=["63.11.03"])).status_code == 404


def test_agencies_are_listed_for_all_and_edited_by_staff(client_for, officer, staff, puskesmas):
    assert "Puskesmas Paringin" in client_for(officer).get(reverse("plans:agencies")).text
    assert client_for(officer).get(reverse("plans:agency_edit", args=[puskesmas.pk])).status_code == 403
    response = client_for(staff).post(
        reverse("plans:agency_edit", args=[puskesmas.pk]),
        {
            "kind": "puskesmas",
            "name": "Puskesmas Paringin",
            "contact_person": "dr. Sari",
            "phone": "0812",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    puskesmas.refresh_from_db()
    assert puskesmas.contact_person == "dr. Sari"


def history_block(page: str) -> str:
    """The change-history card of an object page."""
    assert 'class="card history"' in page
    return page.split('class="card history"', 1)[1]


def test_a_cards_page_shows_who_marked_it_reviewed(client_for, officer, staff, paringin):
    card = CardFactory(kecamatan=paringin, steps=[("Sebarkan peringatan", "Kasi Trantib", 0)])
    client_for(officer).post(reverse("plans:card_review", args=[card.pk]))
    history = history_block(client_for(staff).get(reverse("plans:card", args=[card.pk])).text)
    assert "camat.paringin" in history


def test_an_agencys_page_shows_who_changed_its_contact(client_for, staff, puskesmas):
    client = client_for(staff)
    client.post(
        reverse("plans:agency_edit", args=[puskesmas.pk]),
        {"kind": "puskesmas", "name": "Puskesmas Paringin", "contact_person": "dr. Sari", "phone": "0812"},
    )
    history = history_block(client.get(reverse("plans:agency_edit", args=[puskesmas.pk])).text)
    assert "staff.balangan" in history and "dr. Sari" in history
