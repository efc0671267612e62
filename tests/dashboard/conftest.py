import datetime

import pytest
from django.utils import timezone

from kencana.readiness.models import Assignment, Report, Template, TemplateVersion, TierThreshold

Q2 = datetime.date(2026, 4, 1)
Q3 = datetime.date(2026, 7, 1)


@pytest.fixture
def readiness_setup(balangan):
    """A published Balangan template with three tiers, assigned quarterly."""
    template = Template.objects.create(district=balangan, name="Kencana")
    version = TemplateVersion.objects.create(template=template, number=1, state="published")
    for name, bound in [("Pratama", 0), ("Madya", 55), ("Utama", 80)]:
        TierThreshold.objects.create(version=version, name=name, lower_bound=bound)
    return Assignment.objects.create(district=balangan, version=version, starts_on=Q2)


def add_report(assignment, kecamatan, start, state, score=None, tier=""):
    """A quarterly report of ``assignment`` in the given state (submitted unless a draft)."""
    end = (start + datetime.timedelta(days=92)).replace(day=1) - datetime.timedelta(days=1)
    submitted = timezone.now() if state in ("submitted", "verified", "returned") else None
    return Report.objects.create(
        assignment=assignment,
        version=assignment.version,
        kecamatan=kecamatan,
        period_type="quarter",
        period_start=start,
        period_end=end,
        due_on=end + datetime.timedelta(days=15),
        closes_on=end + datetime.timedelta(days=45),
        state=state,
        score=score,
        tier=tier,
        submitted_at=submitted,
        first_submitted_at=submitted,
    )


@pytest.fixture
def report_for(readiness_setup):
    def make(kecamatan, start, state, score=None, tier=""):
        return add_report(readiness_setup, kecamatan, start, state, score, tier)

    return make
