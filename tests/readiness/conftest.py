import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from kencana.core.clock import local_today
from kencana.readiness import services
from kencana.readiness.periods import period_bounds

from .factories import FULL, make_assignment, make_version

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 32


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids); the UI default is Indonesian."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Evidence files of each test go to its own directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def version(balangan):
    return make_version(balangan)


@pytest.fixture
def assignment(version, paringin, awayan):
    return make_assignment(version, [paringin, awayan])


@pytest.fixture
def current_start(balangan):
    return period_bounds("quarter", local_today(balangan.timezone))[0]


@pytest.fixture
def report(assignment, paringin, officer, current_start):
    """Paringin's report for the current quarter, opened by its officer."""
    return services.report_open(assignment=assignment, kecamatan=paringin, period_start=current_start, by=officer)


def pdf(name="bukti.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def answer(report, by, values=None, comments=None):
    indicators = {i.code: i for i in report.version.indicators.all()}
    entries = [
        services.AnswerInput(indicator=indicators[code], value=value, comment=(comments or {}).get(code, ""))
        for code, value in (values or FULL).items()
    ]
    return services.answers_save(report=report, by=by, entries=entries)


def fill_and_submit(report, by):
    """Answer everything asked of Paringin, attach the required evidence, submit."""
    answer(report, by)
    services.evidence_add(report=report, indicator=report.version.indicators.get(code="Y1"), by=by, upload=pdf())
    return services.report_submit(report=report, by=by)


@pytest.fixture
def submitted(report, officer):
    return fill_and_submit(report, officer)


@pytest.fixture
def past_start(current_start):
    """The start of the quarter before the current one."""
    return period_bounds("quarter", current_start - datetime.timedelta(days=1))[0]
