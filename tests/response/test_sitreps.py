"""Situation reports: numbered, frozen when issued, in the order initial → periodic → final; the
WhatsApp text and the A4 page come from the same frozen data."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kencana.response import services
from kencana.response.models import Sitrep
from kencana.response.reporting import MAX_WHATSAPP_CHARS, whatsapp_text

from . import factories


def verified(officer, staff, event, desa, minutes_ago=30, **figures):
    report = services.impact_report_save(
        by=officer,
        event=event,
        desa=desa,
        as_of=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        values=figures,
        submit=True,
    )
    return services.impact_report_verify(report=report, by=staff)


def test_the_first_report_is_the_initial_one_and_numbers_follow(event, staff, unchanged):
    with unchanged(), pytest.raises(ValidationError, match="first situation report is the initial report"):
        services.sitrep_issue(event=event, by=staff, kind="berkala")
    first = services.sitrep_issue(event=event, by=staff, kind="awal")
    with unchanged(), pytest.raises(ValidationError, match="initial report was issued already"):
        services.sitrep_issue(event=event, by=staff, kind="awal")
    second = services.sitrep_issue(event=event, by=staff, kind="berkala")
    assert (first.number, second.number) == (1, 2)


def test_a_later_report_describes_a_later_moment(event, staff, unchanged):
    services.sitrep_issue(event=event, by=staff, kind="awal")
    with unchanged(), pytest.raises(ValidationError, match="later report describes a later moment"):
        services.sitrep_issue(event=event, by=staff, kind="berkala", as_of=timezone.now() - datetime.timedelta(hours=1))


def test_after_the_final_report_nothing_follows_and_a_closed_event_takes_only_the_final(event, staff, unchanged):
    services.sitrep_issue(event=event, by=staff, kind="awal")
    services.event_close(event=event, by=staff, ended_at=timezone.now())
    with unchanged(), pytest.raises(ValidationError, match="only the final report"):
        services.sitrep_issue(event=event, by=staff, kind="berkala")
    final = services.sitrep_issue(event=event, by=staff, kind="akhir")
    assert final.data["event"]["ended"]
    with unchanged(), pytest.raises(ValidationError, match="no report follows it"):
        services.sitrep_issue(event=event, by=staff, kind="akhir")


def test_only_bpbd_staff_of_the_district_issue_sitreps(event, officer, partner_staff, unchanged):
    for user in (officer, partner_staff):
        with unchanged(), pytest.raises(PermissionDenied, match="issue situation reports"):
            services.sitrep_issue(event=event, by=user, kind="awal")


def test_a_sitrep_shows_the_verified_totals_marks_the_unverified_and_never_changes(
    event, staff, officer, lasung_batu, balang
):
    verified(officer, staff, event, lasung_batu, dead=1, missing=2, displaced_shelter_people=100)
    services.impact_report_save(
        by=officer, event=event, desa=balang, as_of=timezone.now(), values={"dead": 7}, submit=True
    )
    sitrep = services.sitrep_issue(event=event, by=staff, kind="awal", assessment="Evakuasi berjalan")
    frozen = Sitrep.objects.get(pk=sitrep.pk).data
    assert (frozen["totals"]["dead"], frozen["totals"]["missing"], frozen["totals"]["displaced"]) == (1, 2, 100)
    assert [(u["name"], u["state"], u["totals"]["dead"]) for u in frozen["unverified"]] == [("Balang", "submitted", 7)]
    # A report arriving afterwards changes the next sitrep, never this one.
    balang_report = event.impact_reports.get(desa=balang)
    services.impact_report_verify(report=balang_report, by=staff)
    assert Sitrep.objects.get(pk=sitrep.pk).data == frozen
    nxt = services.sitrep_issue(event=event, by=staff, kind="berkala")
    assert nxt.data["totals"]["dead"] == 8 and nxt.data["unverified"] == []


def test_the_sitrep_carries_decree_chronology_tasks_and_logistics_of_its_moment(event, staff, paringin):
    services.chronology_add(event=event, by=staff, at=timezone.now() - datetime.timedelta(hours=2), text="Air naik")
    services.card_activate(
        event=event, card=factories.flood_card(paringin), by=staff, at=timezone.now() - datetime.timedelta(hours=3)
    )
    today = factories.today()
    services.decree_record(
        event=event,
        by=staff,
        number="188.45/9/2026",
        signed_on=today,
        level="tanggap",
        period_start=today,
        period_end=today + datetime.timedelta(days=6),
    )
    data = services.sitrep_issue(event=event, by=staff, kind="awal").data
    assert data["decree"]["number"] == "188.45/9/2026" and data["decree"]["days_left"] == 6
    assert [e["text"] for e in data["chronology"]] == ["Air naik"]
    assert (data["tasks"]["total"], data["tasks"]["late"]) == (4, 3)
    assert [t["number"] for t in data["tasks"]["late_list"]] == [1, 2, 3]
    assert data["logistics"] == []


def test_a_dispatch_naming_the_event_counts_as_logistics_sent(event, staff, paringin):
    from decimal import Decimal

    from logistics import services as stock

    from ..logistics.factories import WarehouseFactory, item, receive

    store = WarehouseFactory(district=paringin.district, code="GU", kind="main")
    receive(staff, store, "SLMT", 100)
    stock.dispatch_post(
        by=staff,
        warehouse=store,
        lines=[stock.IssueLine(item("SLMT"), Decimal(20))],
        business_date=factories.today(),
        destination_kecamatan=paringin,
        note=f"Bantuan {event.number}",
    )
    stock.dispatch_post(
        by=staff,
        warehouse=store,
        lines=[stock.IssueLine(item("SLMT"), Decimal(5))],
        business_date=factories.today(),
        destination_kecamatan=paringin,
        note="Untuk kejadian lain",
    )
    [sent] = services.sitrep_issue(event=event, by=staff, kind="awal").data["logistics"]
    assert sent["lines"] == "Selimut 20 lembar"


def test_the_whatsapp_text_of_an_event_with_fifty_desa_stays_short(staff, officer, paringin, awayan):
    desa = [factories.desa(paringin, n) for n in range(1, 26)] + [factories.desa(awayan, n) for n in range(1, 26)]
    event = factories.open_event(staff, [paringin, awayan], desa)
    awayan_officer = officer.__class__.objects.create(
        username="camat.awayan2", district=awayan.district, role=officer.role
    )
    awayan_officer.kecamatan.set([awayan])
    for place in desa:
        by = officer if place.kecamatan_id == paringin.pk else awayan_officer
        verified(
            by,
            staff,
            event,
            place,
            dead=1,
            displaced_shelter_people=10,
            urgent_needs="Air bersih, beras, selimut, terpal, obat",
        )
    data = services.sitrep_issue(event=event, by=staff, kind="awal", assessment="x" * 900, needs_gaps="y" * 900).data
    text = whatsapp_text(data)
    assert len(text) <= MAX_WHATSAPP_CHARS
    assert "*" in text and data["event"]["number"] in text
    assert f"{data['totals']['dead']}" in text


def test_the_whatsapp_text_reads_the_frozen_data_in_indonesian(event, staff, officer, lasung_batu):
    verified(officer, staff, event, lasung_batu, dead=1234)
    text = whatsapp_text(services.sitrep_issue(event=event, by=staff, kind="awal").data)
    assert "1.234" in text  # Indonesian grouping, whatever the language of the request


def test_the_province_reads_a_districts_sitreps_from_the_event_page_but_issues_none(
    event, staff, province_staff, client_for
):
    sitrep = services.sitrep_issue(event=event, by=staff, kind="awal")
    services.event_close(event=event, by=staff, ended_at=timezone.now())
    page = client_for(province_staff).get(reverse("response:event_detail", args=[event.pk])).text
    assert reverse("response:sitrep_detail", args=[sitrep.pk]) in page
    assert reverse("response:sitrep_create", args=[event.pk]) not in page
    assert client_for(province_staff).get(reverse("response:sitrep_detail", args=[sitrep.pk])).status_code == 200
    own = client_for(staff).get(reverse("response:event_detail", args=[event.pk])).text
    assert reverse("response:sitrep_create", args=[event.pk]) in own
