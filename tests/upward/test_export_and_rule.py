"""The XLSX in the shape of the e-SPM form, and the alert for an overdue SPM report."""

import io

import pytest
import time_machine
from openpyxl import load_workbook

from kencana.upward import services
from kencana.upward.exports import spm_sheets
from kencana.upward.rules import SpmReportOverdueRule

from ..factories import today
from .test_services import filled


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_xlsx_has_a_sheet_per_service_and_a_row_per_sub_activity(client_for, staff, balangan, national_staff):
    year, quarter = services.last_quarter(today())
    report = services.spm_report_open(district=balangan, year=year, quarter=quarter, by=staff)
    services.spm_report_save(report=report, by=staff, entries=filled(report))
    assert [len(rows) for _title, _headers, rows in spm_sheets(report)] == [2, 5, 5]
    response = client_for(national_staff).get(f"/upward/spm/{report.pk}/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 3 and book.sheetnames[0].startswith("L1")
    rows = list(book[book.sheetnames[0]].iter_rows(values_only=True))
    assert rows[1][:6] == ("1.1", "Penyusunan kajian risiko bencana", "kecamatan", "dihitung oleh Kencana", 0, 0)
    assert rows[2][0] == "1.2" and rows[2][4:6] == (100, 40) and rows[2][7] == 40


def test_an_spm_report_not_submitted_by_the_20th_raises_an_alert_until_it_is(balangan, staff):
    year, quarter = services.last_quarter(today())
    rule = SpmReportOverdueRule()
    due = services.quarter_due_on(year, quarter)
    with time_machine.travel(due.replace(day=21).isoformat() + "T04:00:00+00:00", tick=False):
        assert list(rule.evaluate(district_ids=[balangan.pk])) == []  # not filing in Kencana yet
        earlier = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
        services.spm_report_open(district=balangan, year=earlier[0], quarter=earlier[1], by=staff)
        late = list(rule.evaluate(district_ids=[balangan.pk]))
        assert [c.key for c in late] == [f"spm_report_overdue:63.11:{year}-{quarter}"]
        report = services.spm_report_open(district=balangan, year=year, quarter=quarter, by=staff)
        services.spm_report_save(report=report, by=staff, entries=filled(report), submit=True)
        assert list(rule.evaluate(district_ids=[balangan.pk])) == []
