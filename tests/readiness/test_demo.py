from django.core.management import call_command

from kencana.readiness.demo import TEMPLATE_NAME
from kencana.readiness.models import Assignment, Indicator, Report, ReportState, Template


def test_seed_demo_adds_the_shared_template_its_assignment_and_past_reports_once(db, media_root):
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    template = Template.objects.get(name=TEMPLATE_NAME)
    version = template.published_version()
    assert template.district.code == "63.11" and template.shared_with_partners
    assert 25 <= Indicator.objects.filter(version=version).count() <= 40
    assert [(t.name, int(t.lower_bound)) for t in version.thresholds.order_by("lower_bound")] == [
        ("Pratama", 0),
        ("Madya", 55),
        ("Utama", 80),
    ]
    assert Indicator.objects.filter(version=version, hazards__code="tanah-longsor").exists()
    assignment = Assignment.objects.get()
    assert assignment.kecamatan.count() == 8 and assignment.period_type == "quarter"
    states = set(Report.objects.values_list("state", flat=True))
    assert {ReportState.VERIFIED, ReportState.RETURNED, ReportState.SUBMITTED} <= states
    assert {"Pratama", "Madya", "Utama"} <= set(
        Report.objects.filter(state=ReportState.VERIFIED).values_list("tier", flat=True)
    )
    assert Report.objects.count() == 18
    # Paringin's current quarter is open and not started.
    paringin = [r.period_start for r in Report.objects.filter(kecamatan__code="63.11.06")]
    assert len(paringin) == 3
