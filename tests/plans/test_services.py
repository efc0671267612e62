import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kencana.plans.models import ActionItem, Agency, QuickResponseCard
from kencana.plans.services import (
    action_item_create,
    action_item_update,
    action_plan_ensure,
    agency_save,
    card_mark_reviewed,
    card_save,
    plan_settings_update,
)

from .factories import AgencyFactory


def test_an_officer_updates_an_item_of_their_kecamatan_and_history_records_who(officer, paringin_item):
    action_item_update(
        by=officer, item=paringin_item, status=ActionItem.Status.IN_PROGRESS, progress=40, note="Dua desa selesai"
    )
    paringin_item.refresh_from_db()
    assert (paringin_item.status, paringin_item.progress) == ("in_progress", 40)
    latest = paringin_item.history.first()
    assert latest.history_user == officer and latest.history_type == "~" and latest.progress == 40


def test_an_officer_cannot_update_another_kecamatans_item(officer, awayan_item):
    with pytest.raises(PermissionDenied, match="Anda tidak dapat mengubah kegiatan pada rencana ini"):
        action_item_update(by=officer, item=awayan_item, progress=50)
    awayan_item.refresh_from_db()
    assert awayan_item.progress == 0 and awayan_item.history.count() == 1


def test_officers_read_but_do_not_change_the_district_plan(officer, staff, balangan):
    plan = action_plan_ensure(district=balangan)
    with pytest.raises(PermissionDenied, match="Anda tidak dapat menambah kegiatan pada rencana ini"):
        action_item_create(by=officer, plan=plan, title="Kajian risiko")
    assert action_item_create(by=staff, plan=plan, title="Kajian risiko").plan.is_district_plan


def test_staff_of_a_partner_district_cannot_touch_items(partner_staff, paringin_item):
    with pytest.raises(PermissionDenied, match="Anda tidak dapat mengubah kegiatan pada rencana ini"):
        action_item_update(by=partner_staff, item=paringin_item, progress=10)


def test_done_means_complete_and_complete_means_done(officer, paringin_item):
    item = action_item_update(by=officer, item=paringin_item, status=ActionItem.Status.DONE)
    assert item.progress == 100
    item = action_item_update(by=officer, item=item, status=ActionItem.Status.IN_PROGRESS, progress=100)
    assert item.status == ActionItem.Status.DONE


@pytest.mark.parametrize(
    ("fields", "error_field", "reason"),
    [
        ({"progress": 120}, "progress", "Kemajuan adalah persentase 0 sampai 100"),
        ({"title": "  "}, "title", "Kegiatan perlu judul"),
        (
            {"start_date": datetime.date(2026, 5, 1), "due_date": datetime.date(2026, 4, 1)},
            "due_date",
            "Tenggat tidak boleh sebelum tanggal mulai",
        ),
        ({"budget_source": "apbd", "budget_amount": None}, "budget_amount", "Isi jumlah untuk sumber anggaran ini"),
        ({"budget_source": "apbd", "budget_amount": Decimal(-5)}, "budget_amount", "Anggaran tidak boleh negatif"),
        ({"status": "finished"}, "status", "Status tidak dikenal"),
    ],
)
def test_bad_values_are_refused_and_nothing_changes(officer, paringin_item, fields, error_field, reason):
    with pytest.raises(ValidationError, match=reason) as refused:
        action_item_update(by=officer, item=paringin_item, **fields)
    assert error_field in refused.value.message_dict
    paringin_item.refresh_from_db()
    assert paringin_item.progress == 0 and paringin_item.history.count() == 1


def test_an_owner_agency_of_another_district_is_refused(officer, paringin_item, aluh_aluh):
    foreign = AgencyFactory(kecamatan=aluh_aluh, name="Puskesmas Aluh Aluh")
    with pytest.raises(ValidationError, match="Pilih instansi di kabupaten ini") as refused:
        action_item_update(by=officer, item=paringin_item, owner_agency=foreign)
    assert "owner_agency" in refused.value.message_dict


def test_only_staff_keep_the_agencies_registry(staff, officer, balangan, paringin):
    with pytest.raises(PermissionDenied, match="Hanya staf BPBD kabupaten ini yang mengubah daftar instansi"):
        agency_save(by=officer, district=balangan, kind="pmi", name="PMI Balangan")
    agency = agency_save(by=staff, district=balangan, kind="pmi", name=" PMI Balangan ", kecamatan=None, phone="0811")
    assert agency.name == "PMI Balangan" and Agency.objects.count() == 1
    with pytest.raises(ValidationError, match="Instansi dengan Kabupaten/kota dan Nama ini tidak ada"):
        agency_save(by=staff, district=balangan, kind="pmi", name="PMI Balangan")


def test_a_card_gets_ordered_steps_and_a_review_date_in_the_district_zone(officer, paringin, puskesmas, today):
    from kecamatan.models import Hazard

    card = card_save(
        by=officer,
        kecamatan=paringin,
        hazard=Hazard.objects.get(code="banjir"),
        trigger="Peringatan BMKG",
        steps=[
            {"action": "Sebarkan peringatan", "role": "Kasi Trantib", "within_minutes": 0, "agency": None},
            {"action": "", "role": "", "within_minutes": None, "agency": None},
            {
                "action": "Buka layanan kesehatan",
                "role": "Kepala Puskesmas",
                "within_minutes": 120,
                "agency": puskesmas,
            },
        ],
    )
    assert [(s.order, s.action) for s in card.steps.all()] == [
        (1, "Sebarkan peringatan"),
        (2, "Buka layanan kesehatan"),
    ]
    assert card.last_reviewed_on == today and card.roster == [puskesmas]
    assert card.history.first().history_user == officer


def test_a_card_without_steps_or_with_half_a_step_is_refused(officer, paringin):
    from kecamatan.models import Hazard

    flood = Hazard.objects.get(code="banjir")
    with pytest.raises(ValidationError, match="Kartu perlu paling sedikit satu langkah") as refused:
        card_save(by=officer, kecamatan=paringin, hazard=flood, trigger="BMKG", steps=[])
    assert list(refused.value.message_dict) == ["steps"]
    with pytest.raises(ValidationError, match="perlu diisi tindakan dan pelaksananya") as refused:
        card_save(
            by=officer,
            kecamatan=paringin,
            hazard=flood,
            trigger="BMKG",
            steps=[{"action": "Sebarkan", "role": "", "within_minutes": None, "agency": None}],
        )
    assert len(refused.value.message_dict["steps"]) == 2
    assert not QuickResponseCard.objects.exists()


def test_officers_cannot_write_cards_for_another_kecamatan(officer, awayan):
    from kecamatan.models import Hazard

    with pytest.raises(PermissionDenied, match="Anda tidak dapat mengubah kartu kecamatan ini"):
        card_save(
            by=officer,
            kecamatan=awayan,
            hazard=Hazard.objects.get(code="banjir"),
            trigger="BMKG",
            steps=[{"action": "Sebarkan", "role": "Camat", "within_minutes": 0, "agency": None}],
        )


def test_marking_a_card_reviewed_records_who(staff, paringin, today):
    from .factories import CardFactory

    card = CardFactory(kecamatan=paringin, last_reviewed_on=today - datetime.timedelta(days=400))
    card = card_mark_reviewed(by=staff, card=card)
    assert card.last_reviewed_on == today and card.reviewed_by == staff


def test_the_review_period_is_an_admin_setting_within_bounds(admin_user, staff, balangan):
    with pytest.raises(PermissionDenied, match="Hanya admin BPBD kabupaten ini yang mengubah pengaturan rencana"):
        plan_settings_update(by=staff, district=balangan, card_review_days=90)
    with pytest.raises(ValidationError, match="Pilih antara"):
        plan_settings_update(by=admin_user, district=balangan, card_review_days=3)
    assert plan_settings_update(by=admin_user, district=balangan, card_review_days=90).card_review_days == 90
