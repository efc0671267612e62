"""Readiness gaps become suggested action items; the next report tells whether the gap closed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kencana.core.clock import local_today
from kencana.plans.models import ActionItem
from kencana.plans.selectors import gap_status
from kencana.plans.services import gaps_to_items
from kencana.readiness import services as readiness
from kencana.readiness.periods import period_bounds
from tests.readiness.conftest import answer, pdf
from tests.readiness.factories import make_assignment, make_version


@pytest.fixture
def quarters(balangan):
    current = period_bounds("quarter", local_today(balangan.timezone))[0]
    previous = period_bounds("quarter", current - datetime.timedelta(days=1))[0]
    return previous, current


@pytest.fixture
def assignment(balangan, paringin, awayan):
    return make_assignment(make_version(balangan), [paringin, awayan])


def submit(assignment, kecamatan, start, by, values):
    report = readiness.report_open(assignment=assignment, kecamatan=kecamatan, period_start=start, by=by)
    answer(report, by, values)
    readiness.evidence_add(report=report, indicator=report.version.indicators.get(code="Y1"), by=by, upload=pdf())
    return readiness.report_submit(report=report, by=by)


@pytest.fixture
def weak_report(assignment, paringin, officer, quarters):
    report = readiness.report_open(assignment=assignment, kecamatan=paringin, period_start=quarters[0], by=officer)
    report.closes_on = quarters[1] + datetime.timedelta(days=400)  # still open to the officer
    report.save(update_fields=["closes_on"])
    answer(report, officer, {"Y1": "yes", "S1": "Belum", "N1": "2", "C1": "Tiap triwulan"})
    readiness.evidence_add(report=report, indicator=report.version.indicators.get(code="Y1"), by=officer, upload=pdf())
    return readiness.report_submit(report=report, by=officer)


def test_each_weak_answer_becomes_one_suggested_item_once(officer, paringin, weak_report):
    created = gaps_to_items(by=officer, report=weak_report)
    assert sorted(i.indicator.code for i in created) == ["N1", "S1"]
    item = created[0]
    assert item.plan.kecamatan == paringin and item.status == ActionItem.Status.PLANNED
    assert item.source_report == weak_report and item.due_date > weak_report.period_end
    assert item.history.first().history_user == officer
    assert gaps_to_items(by=officer, report=weak_report) == []
    assert ActionItem.objects.count() == 2


def test_the_next_report_shows_whether_each_gap_closed(officer, paringin, weak_report, assignment, quarters):
    items = {i.indicator.code: i for i in gaps_to_items(by=officer, report=weak_report)}
    assert gap_status(item=items["S1"]) is None
    submit(
        assignment, paringin, quarters[1], officer, {"Y1": "yes", "S1": "Ditetapkan", "N1": "3", "C1": "Tiap triwulan"}
    )
    assert gap_status(item=items["S1"]) is True
    assert gap_status(item=items["N1"]) is False


def test_another_kecamatans_officer_cannot_plan_from_the_report(awayan_officer, weak_report):
    with pytest.raises(PermissionDenied, match="Anda tidak dapat menambah kegiatan pada rencana kecamatan ini"):
        gaps_to_items(by=awayan_officer, report=weak_report)
    assert not ActionItem.objects.exists()


def test_a_draft_report_has_no_gaps_to_act_on(officer, assignment, paringin, quarters):
    draft = readiness.report_open(assignment=assignment, kecamatan=paringin, period_start=quarters[1], by=officer)
    with pytest.raises(
        ValidationError,
        match="Hanya laporan yang sudah diajukan atau diverifikasi yang kesenjangannya dapat ditindaklanjuti",
    ):
        gaps_to_items(by=officer, report=draft)


def test_the_gaps_page_turns_gaps_into_items_and_hides_other_reports(client_for, officer, awayan_officer, weak_report):
    client = client_for(officer)
    page = client.get(reverse("plans:gaps"), {"report": weak_report.pk})
    assert page.status_code == 200 and "Pertanyaan S1" in page.text
    response = client.post(reverse("plans:gaps"), {"report": weak_report.pk})
    assert response.status_code == 302 and ActionItem.objects.count() == 2
    item = ActionItem.objects.get(indicator__code="S1")
    assert "Pertanyaan S1" in client.get(reverse("plans:item", args=[item.pk])).text
    other = client_for(awayan_officer)
    assert other.get(reverse("plans:gaps"), {"report": weak_report.pk}).status_code == 404
    assert other.post(reverse("plans:gaps"), {"report": weak_report.pk}).status_code == 404
    assert other.post(reverse("plans:gaps"), {"report": "abc"}).status_code == 404
