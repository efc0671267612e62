"""The response pages in Indonesian, for each role: what they show, what they refuse and how."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from kencana.alerts.models import Alert, HazardWarning
from kencana.alerts.services import hazard_warning_create
from kencana.response import services
from kencana.response.models import Decree, Event, ImpactReport, Task

from ..factories import local_input
from . import factories


@pytest.fixture(autouse=True)
def indonesian(english):
    """Pages read in Indonesian, as users see them."""
    with translation.override("id"):
        yield


@pytest.fixture
def warned(staff, paringin, awayan):
    hazard_warning_create(
        by=staff,
        kecamatan=[paringin, awayan],
        hazard=factories.flood(),
        title="Peringatan dini BMKG",
        status_level=HazardWarning.Status.ALERT,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    return Alert.objects.get(kecamatan=paringin, rule="hazard_warning")


def test_staff_open_an_event_from_an_alert_with_its_kecamatan_and_hazard_filled_in(
    client_for, staff, warned, paringin, awayan
):
    client = client_for(staff)
    alert_page = client.get(reverse("alerts:detail", args=[warned.pk])).content.decode()
    assert "Buka kejadian bencana dari peringatan ini" in alert_page
    form = client.get(reverse("response:event_create"), {"alert": warned.pk}).content.decode()
    assert f'value="{paringin.pk}" id="id_kecamatan_' in form and "checked" in form
    response = client.post(
        reverse("response:event_create"),
        {
            "hazard": factories.flood().pk,
            "started_at": local_input(timezone.now() - datetime.timedelta(hours=1)),
            "kecamatan": [paringin.pk, awayan.pk],
            "source_alert": warned.pk,
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("response:event_detail", args=[event.pk])
    assert event.source_alert == warned and event.kecamatan.count() == 2


def test_an_officer_is_not_offered_to_open_an_event(client_for, officer, warned):
    page = client_for(officer).get(reverse("alerts:detail", args=[warned.pk])).content.decode()
    assert "Buka kejadian bencana" not in page
    assert client_for(officer).get(reverse("response:event_create")).status_code == 403


def test_a_decree_ending_before_it_starts_is_refused_in_indonesian_and_nothing_saved(client_for, staff, event):
    today = factories.today()
    response = client_for(staff).post(
        reverse("response:decree_create", args=[event.pk]),
        {
            "number": "188.45/1/2026",
            "signed_on": today.isoformat(),
            "level": "tanggap",
            "period_start": today.isoformat(),
            "period_end": (today - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Masa berlaku tidak boleh berakhir" in response.content.decode()
    assert not Decree.objects.exists()


def test_the_event_page_shows_the_decree_with_its_remaining_days(client_for, staff, event):
    today = factories.today()
    services.decree_record(
        event=event,
        by=staff,
        number="188.45/1/2026",
        signed_on=today,
        level="tanggap",
        period_start=today,
        period_end=today + datetime.timedelta(days=6),
    )
    page = client_for(staff).get(reverse("response:event_detail", args=[event.pk])).content.decode()
    assert "Tanggap darurat" in page and "6 hari lagi" in page and "188.45/1/2026" in page


def test_negative_counts_are_refused_on_the_impact_form_and_nothing_saved(client_for, officer, event, lasung_batu):
    data = {"desa": lasung_batu.pk, "as_of": local_input(timezone.now()), "dead": "-2", "submit": "1"}
    response = client_for(officer).post(reverse("response:impact_create", args=[event.pk]), data)
    assert response.status_code == 200
    assert "Jumlah tidak boleh negatif." in response.content.decode()
    assert not ImpactReport.objects.exists()


def test_an_impact_report_for_a_closed_event_is_refused_on_the_page(client_for, officer, staff, event, lasung_batu):
    services.event_close(event=event, by=staff, ended_at=timezone.now())
    data = {"desa": lasung_batu.pk, "as_of": local_input(timezone.now()), "dead": "1", "submit": "1"}
    response = client_for(officer).post(reverse("response:impact_create", args=[event.pk]), data)
    assert "sudah ditutup: tidak menerima laporan dampak lagi" in response.content.decode()
    assert not ImpactReport.objects.exists()


def test_the_officer_files_only_for_desa_of_their_kecamatan(client_for, officer, event, awayan_desa):
    form = client_for(officer).get(reverse("response:impact_create", args=[event.pk])).content.decode()
    assert "Lasung Batu" in form and "Awayan (Awayan)" not in form
    data = {"desa": awayan_desa.pk, "as_of": local_input(timezone.now()), "dead": "1"}
    response = client_for(officer).post(reverse("response:impact_create", args=[event.pk]), data)
    assert response.status_code == 200 and not ImpactReport.objects.exists()


def test_an_officer_sees_their_kecamatans_tasks_and_figures_only(
    client_for, staff, officer, awayan_officer, event, paringin, awayan, lasung_batu, awayan_desa
):
    services.card_activate(event=event, card=factories.flood_card(paringin), by=staff)
    services.card_activate(
        event=event, card=factories.flood_card(awayan, steps=[(0, "Buka posko Awayan", "Camat")]), by=staff
    )
    for by, desa, dead in ((officer, lasung_batu, 1), (awayan_officer, awayan_desa, 7)):
        report = services.impact_report_save(
            by=by, event=event, desa=desa, as_of=timezone.now(), values={"dead": dead}, submit=True
        )
        services.impact_report_verify(report=report, by=staff)
    page = client_for(officer).get(reverse("response:event_detail", args=[event.pk])).content.decode()
    assert "Sebarkan peringatan ke kepala desa" in page and "Buka posko Awayan" not in page
    impact = client_for(officer).get(reverse("response:impact_index", args=[event.pk])).content.decode()
    table = impact.split('<table class="impact">', 1)[1].split("</table>")[0]
    assert "Lasung Batu" in table and "Awayan" not in table
    assert "Terbitkan laporan situasi" not in page and "Catat SK" not in page


def test_an_event_outside_ones_kecamatan_or_district_is_not_found(
    client_for, staff, paringin, awayan_officer, partner_staff
):
    only_paringin = factories.open_event(staff, [paringin])
    for user in (awayan_officer, partner_staff):
        assert client_for(user).get(reverse("response:event_detail", args=[only_paringin.pk])).status_code == 404
        assert client_for(user).get(reverse("response:impact_index", args=[only_paringin.pk])).status_code == 404
    assert client_for(partner_staff).get(reverse("response:index")).content.decode().count("Banjir Paringin") == 0


def test_staff_verify_one_report_and_return_the_other_from_its_page(
    client_for, staff, officer, event, lasung_batu, balang
):
    one, other = (
        services.impact_report_save(
            by=officer, event=event, desa=d, as_of=timezone.now(), values={"dead": 1}, submit=True
        )
        for d in (lasung_batu, balang)
    )
    client = client_for(staff)
    client.post(reverse("response:impact_review", args=[one.pk]), {"decision": "verify"})
    response = client.post(reverse("response:impact_review", args=[other.pk]), {"decision": "return", "note": ""})
    assert "Sebutkan apa yang harus diperbaiki petugas." in client.get(response["Location"]).content.decode()
    client.post(reverse("response:impact_review", args=[other.pk]), {"decision": "return", "note": "Cek ulang"})
    assert ImpactReport.objects.get(pk=one.pk).state == "verified"
    assert ImpactReport.objects.get(pk=other.pk).state == "returned"


def test_the_sitrep_page_and_its_whatsapp_text_come_from_the_frozen_data(
    client_for, staff, officer, event, lasung_batu
):
    report = services.impact_report_save(
        by=officer, event=event, desa=lasung_batu, as_of=timezone.now(), values={"dead": 1250}, submit=True
    )
    services.impact_report_verify(report=report, by=staff)
    sitrep = services.sitrep_issue(event=event, by=staff, kind="awal")
    client = client_for(staff)
    page = client.get(reverse("response:sitrep_detail", args=[sitrep.pk])).content.decode()
    assert "LAPORAN SITUASI BANJIR" in page and "Laporan awal" in page and "1.250" in page
    text = client.get(reverse("response:sitrep_text", args=[sitrep.pk]))
    assert text["Content-Type"].startswith("text/plain") and "meninggal 1.250" in text.content.decode()
    assert client_for(officer).get(reverse("response:sitrep_detail", args=[sitrep.pk])).status_code == 404


def test_an_officer_acknowledges_a_task_from_their_list(client_for, staff, officer, event, paringin):
    services.card_activate(event=event, card=factories.flood_card(paringin), by=staff)
    task = Task.objects.get(number=1)
    client = client_for(officer)
    assert "#1" in client.get(reverse("response:my_tasks")).content.decode()
    client.post(reverse("response:task_act", args=[task.pk]), {"action": "acknowledge"})
    task.refresh_from_db()
    assert task.state == "acknowledged" and task.acknowledged_by == officer


def test_the_decree_scan_is_served_to_those_who_see_the_event_only(client_for, staff, officer, partner_staff, event):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .test_events import PDF

    today = factories.today()
    decree = services.decree_record(
        event=event,
        by=staff,
        number="1",
        signed_on=today,
        level="siaga",
        period_start=today,
        period_end=today,
        upload=SimpleUploadedFile("sk.pdf", PDF),
    )
    url = reverse("response:decree_file", args=[decree.pk])
    response = client_for(officer).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert client_for(partner_staff).get(url).status_code == 404


def test_the_district_dashboard_lists_active_events_with_decree_end_and_late_tasks(client_for, staff, event, paringin):
    services.card_activate(
        event=event, card=factories.flood_card(paringin), by=staff, at=timezone.now() - datetime.timedelta(hours=1)
    )
    today = factories.today()
    services.decree_record(
        event=event,
        by=staff,
        number="188.45/1",
        signed_on=today,
        level="tanggap",
        period_start=today,
        period_end=today + datetime.timedelta(days=2),
    )
    page = client_for(staff).get(reverse("home")).content.decode()
    panel = page.split("Kejadian bencana aktif", 1)[1].split("</section>", 1)[0]
    assert event.title in panel and "Tanggap darurat" in panel and "2 hari lagi" in panel
    assert f'data-count="2" href="/response/events/{event.pk}/?tasks=late#tasks"><strong>2</strong>' in panel


def test_the_dashboards_late_tasks_follow_the_clock_and_each_change_at_once(
    client_for, staff, officer, event, paringin
):
    import time_machine

    start = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    with time_machine.travel(start, tick=False) as clock:
        services.card_activate(event=event, card=factories.flood_card(paringin), by=staff)
        client = client_for(staff)

        def late_on_home() -> str:
            panel = client.get(reverse("home")).content.decode().split("Kejadian bencana aktif", 1)[1]
            return panel.split(f'href="/response/events/{event.pk}/?tasks=late#tasks"', 1)[0].rsplit("data-count=", 1)[
                1
            ]

        assert late_on_home().startswith('"0"')  # built and kept for this minute
        first = Task.objects.filter(state="open").order_by("due_at", "number").first()
        clock.move_to(first.due_at + datetime.timedelta(minutes=1))  # nothing announced: only the clock moved
        assert late_on_home().startswith('"1"')
        services.task_act(task=first, by=officer, action="done")  # announced: at once, the same minute
        assert late_on_home().startswith('"0"')


def test_the_officer_dashboard_lists_their_open_tasks(client_for, staff, officer, event, paringin):
    services.card_activate(event=event, card=factories.flood_card(paringin), by=staff)
    page = client_for(officer).get(reverse("home")).content.decode()
    assert "Tugas saya yang belum selesai" in page and "#1 Sebarkan peringatan ke kepala desa" in page


def test_the_map_outlines_kecamatan_of_active_events_with_their_figures(client_for, staff, officer, event, lasung_batu):
    report = services.impact_report_save(
        by=officer, event=event, desa=lasung_batu, as_of=timezone.now(), values={"dead": 2}, submit=True
    )
    services.impact_report_verify(report=report, by=staff)
    features = client_for(staff).get(reverse("api-map-kecamatan")).json()["features"]
    by_code = {f["properties"]["code"]: f["properties"]["event"] for f in features}
    assert by_code["63.11.06"]["number"] == event.number and by_code["63.11.06"]["status"] == "monitoring"
    assert by_code["63.11.06"]["figures"]["dead"] == 2 and by_code["63.11.03"]["figures"]["dead"] == 0
    services.event_close(event=event, by=staff, ended_at=timezone.now())
    features = client_for(staff).get(reverse("api-map-kecamatan")).json()["features"]
    assert all(f["properties"]["event"] is None for f in features)


def test_an_activated_card_shows_when_it_was_last_used(client_for, staff, event, paringin):
    card = factories.flood_card(paringin)
    services.card_activate(event=event, card=card, by=staff)
    page = client_for(staff).get(reverse("plans:card", args=[card.pk])).content.decode()
    assert "terakhir dipakai" in page and event.number in page


def test_the_event_page_reads_the_same_number_of_queries_whatever_the_number_of_desa(
    client_for, staff, officer, paringin, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(count):
        desa = [factories.desa(paringin, 100 + n + count * 10) for n in range(count)]
        event = factories.open_event(staff, [paringin], desa)
        for place in desa:
            report = services.impact_report_save(
                by=officer, event=event, desa=place, as_of=timezone.now(), values={"dead": 1}, submit=True
            )
            services.impact_report_verify(report=report, by=staff)
        client = client_for(staff)
        client.get(reverse("response:event_detail", args=[event.pk]))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("response:event_detail", args=[event.pk])).status_code == 200
        return len(captured)

    few, many = queries(2), queries(12)
    assert few == many and many <= 15


def test_moving_a_task_goes_back_only_to_a_page_of_this_site(client_for, staff, officer, event, paringin):
    services.card_activate(event=event, card=factories.flood_card(paringin), by=staff)
    task = Task.objects.get(number=1)
    client = client_for(officer)
    away = client.post(
        reverse("response:task_act", args=[task.pk]), {"action": "acknowledge", "next": "//evil.example/"}
    )
    assert away["Location"] == reverse("response:my_tasks")
    back = client.post(
        reverse("response:task_act", args=[task.pk]), {"action": "start", "next": f"/response/tasks/{task.pk}/"}
    )
    assert back["Location"] == f"/response/tasks/{task.pk}/"


def test_the_event_pages_kept_figures_follow_a_verification_at_once(client_for, staff, officer, event, lasung_batu):
    client = client_for(staff)
    url = reverse("response:event_detail", args=[event.pk])
    assert client.get(url).context["figures"].verified["dead"] == 0  # built and kept
    report = services.impact_report_save(
        by=officer, event=event, desa=lasung_batu, as_of=timezone.now(), values={"dead": 3}, submit=True
    )
    assert client.get(url).context["figures"].with_submitted["dead"] == 3  # the submission rebuilt them
    services.impact_report_verify(report=report, by=staff)
    assert client.get(url).context["figures"].verified["dead"] == 3


def test_the_event_pages_kept_blocks_follow_each_change_at_once_and_tasks_turn_late_with_the_clock(
    client_for, staff, officer, event, paringin
):
    import time_machine

    url = reverse("response:event_detail", args=[event.pk])
    client = client_for(staff)
    start = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    with time_machine.travel(start, tick=False) as clock:
        assert '<ol class="chronology">' in client.get(url).content.decode()  # the blocks are built and kept
        services.card_activate(event=event, card=factories.flood_card(paringin), by=staff)
        page = client.get(url).content.decode()
        assert 'class="tasks" data-total="4"' in page and "Sebarkan peringatan ke kepala desa" in page
        first = Task.objects.order_by("due_at", "number").first()
        services.task_act(task=first, by=officer, action="acknowledge")
        assert '<li class="task st-acknowledged' in client.get(url).content.decode()
        services.chronology_add(event=event, by=staff, at=timezone.now(), text="Air naik 50 cm di Lasung Batu")
        assert "Air naik 50 cm di Lasung Batu" in client.get(url).content.decode()
        today = factories.today()
        services.decree_record(
            event=event,
            by=staff,
            number="188.45/9/2026",
            signed_on=today,
            level="tanggap",
            period_start=today,
            period_end=today + datetime.timedelta(days=3),
        )
        assert "188.45/9/2026" in client.get(url).content.decode()
        late_before = client.get(url).content.decode().count(' late">')
        due = Task.objects.filter(state="open").order_by("due_at").first().due_at
        clock.move_to(due + datetime.timedelta(minutes=1))  # nothing announced: only the clock moved
        late_after = client.get(url).content.decode().count(' late">')
        assert late_after > late_before
