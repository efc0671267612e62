import datetime

from django.utils import timezone

from kencana.response import services
from kencana.response.models import EventStatus

from . import factories


def test_the_whole_flow_runs(event, staff, officer, paringin, lasung_batu, balang):
    card = factories.flood_card(paringin)
    activation = services.card_activate(event=event, card=card, by=staff)
    assert activation.tasks.count() == 4
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
    event.refresh_from_db()
    assert event.status == EventStatus.EMERGENCY
    report = services.impact_report_save(
        by=officer, event=event, desa=lasung_batu, as_of=timezone.now(), values={"dead": 1, "missing": 2}, submit=True
    )
    services.impact_report_verify(report=report, by=staff)
    sitrep = services.sitrep_issue(event=event, by=staff, kind="awal")
    assert sitrep.data["totals"]["dead"] == 1
