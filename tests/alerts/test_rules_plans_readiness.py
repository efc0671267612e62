"""Rules fed by plans and readiness, and the report-returned notice."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from kecamatan.models import Hazard, RiskProfile
from kencana.alerts.engine import rules_run
from kencana.alerts.models import Alert, Notification
from kencana.plans.models import ActionItem
from kencana.readiness import services as readiness
from tests.plans.factories import ActionItemFactory, ActionPlanFactory, CardFactory
from tests.readiness.factories import make_assignment, make_version

from ..factories import today as districts_today
from .conftest import at

# Quarter I 2026 ended on 31 March: due by 15 April, closes on 15 May.
AFTER_DUE = at("2026-04-20T02:00:00+00:00")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def assignment(balangan, paringin, awayan):
    return make_assignment(make_version(balangan), [paringin, awayan], starts_on=datetime.date(2026, 1, 1))


def submit(report, by, values):
    indicators = {i.code: i for i in report.version.indicators.all()}
    readiness.answers_save(
        report=report,
        by=by,
        entries=[
            readiness.AnswerInput(indicator=indicators[code], value=value, comment="") for code, value in values.items()
        ],
    )
    evidence = SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")
    readiness.evidence_add(report=report, indicator=indicators["Y1"], by=by, upload=evidence)
    return readiness.report_submit(report=report, by=by)


LOW = {"Y1": "no", "S1": "Belum", "N1": "0", "C1": "Tidak pernah"}


def test_a_report_past_due_and_not_submitted_is_overdue_until_submitted(assignment, officer, paringin, awayan):
    with time_machine.travel(AFTER_DUE):
        rules_run(codes=["report_overdue"])
        assert set(Alert.objects.values_list("kecamatan__name", flat=True)) == {"Paringin", "Awayan"}
        report = readiness.report_open(
            assignment=assignment, kecamatan=paringin, period_start=datetime.date(2026, 1, 1), by=officer
        )
        submit(report, officer, LOW)
        rules_run(codes=["report_overdue"])
    assert Alert.objects.get(kecamatan=paringin).state == "resolved"
    assert Alert.objects.get(kecamatan=awayan).state == "open"


def test_an_overdue_alert_resolves_when_the_period_closes(assignment):
    with time_machine.travel(AFTER_DUE):
        rules_run(codes=["report_overdue"])
    with time_machine.travel(at("2026-05-16T02:00:00+00:00")):
        rules_run(codes=["report_overdue"])
    assert set(Alert.objects.values_list("state", flat=True)) == {"resolved"}


def test_nothing_is_overdue_before_the_due_date(assignment):
    with time_machine.travel(at("2026-04-10T02:00:00+00:00")):
        rules_run(codes=["report_overdue"])
    assert not Alert.objects.exists()


def test_a_returned_report_tells_its_submitter(assignment, officer, staff, paringin):
    with time_machine.travel(AFTER_DUE):
        report = readiness.report_open(
            assignment=assignment, kecamatan=paringin, period_start=datetime.date(2026, 1, 1), by=officer
        )
        submit(report, officer, LOW)
        readiness.report_return(report=report, by=staff, note="Lengkapi jawaban S1.")
    notice = Notification.objects.get(user=officer)
    assert notice.title.startswith("Report returned for revision") and notice.body == "Lengkapi jawaban S1."
    assert notice.link == f"/readiness/reports/{report.pk}/"


def test_high_risk_and_the_lowest_tier_raise_an_alert(assignment, officer, staff, paringin):
    RiskProfile.objects.create(
        kecamatan=paringin,
        hazard=Hazard.objects.get(code="banjir"),
        hazard_index=Decimal("0.9"),
        vulnerability_index=Decimal("0.9"),
        capacity_index=Decimal("0.1"),
    )
    with time_machine.travel(AFTER_DUE):
        report = readiness.report_open(
            assignment=assignment, kecamatan=paringin, period_start=datetime.date(2026, 1, 1), by=officer
        )
        submit(report, officer, LOW)
        readiness.report_verify(report=report, by=staff)
    rules_run(codes=["high_risk_low_readiness"])
    alert = Alert.objects.get(rule="high_risk_low_readiness")
    assert alert.kecamatan == paringin and "Pratama" in alert.title
    RiskProfile.objects.update(capacity_index=Decimal("0.9"), hazard_index=Decimal("0.2"))
    for profile in RiskProfile.objects.all():
        profile.save()  # the class is derived on save
    rules_run(codes=["high_risk_low_readiness"])
    alert.refresh_from_db()
    assert alert.state == "resolved"


def test_an_overdue_action_item_raises_an_alert_until_it_is_done(paringin):
    item = ActionItemFactory(
        plan=ActionPlanFactory(kecamatan=paringin), due_date=districts_today() - datetime.timedelta(days=3)
    )
    rules_run(codes=["action_item_overdue"])
    alert = Alert.objects.get()
    assert alert.kecamatan == paringin and alert.title.startswith("Action overdue")
    ActionItem.objects.filter(pk=item.pk).update(status=ActionItem.Status.DONE)
    rules_run(codes=["action_item_overdue"])
    alert.refresh_from_db()
    assert alert.state == "resolved"


def test_a_card_never_reviewed_raises_an_alert_until_it_is_reviewed(paringin):
    card = CardFactory(kecamatan=paringin)
    rules_run(codes=["card_review_overdue"])
    assert Alert.objects.get().title.startswith("Quick-response card due for review")
    card.last_reviewed_on = districts_today()
    card.save()
    rules_run(codes=["card_review_overdue"])
    assert Alert.objects.get().state == "resolved"


def test_submitting_resolves_the_overdue_alert_right_after_commit(
    assignment, officer, paringin, django_capture_on_commit_callbacks, eager_celery
):
    with time_machine.travel(AFTER_DUE):
        rules_run(codes=["report_overdue"])
        report = readiness.report_open(
            assignment=assignment, kecamatan=paringin, period_start=datetime.date(2026, 1, 1), by=officer
        )
        with django_capture_on_commit_callbacks(execute=True):
            submit(report, officer, LOW)
    assert Alert.objects.get(kecamatan=paringin).state == "resolved"
