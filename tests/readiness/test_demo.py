from django.core.management import call_command

from kecamatan.models import School
from kencana.core.clock import local_today
from kencana.readiness.demo import TEMPLATE_NAME
from kencana.readiness.demo_units import WALKTHROUGH_DESA
from kencana.readiness.destana import DESTANA_NAME
from kencana.readiness.models import Assignment, Indicator, KatanaCount, Report, ReportState, Template
from kencana.readiness.periods import period_bounds


def test_seed_demo_adds_the_shared_template_its_assignment_and_past_reports_once(seeded_demo):
    call_command("seed_demo")  # idempotent
    template = Template.objects.get(name=TEMPLATE_NAME)
    version = template.published_version()
    assert template.district.code == "63.11" and template.shared_with_partners
    assert 25 <= Indicator.objects.filter(version=version).count() <= 40
    assert list(Indicator.objects.filter(version=version).exclude(computed="").values_list("code", flat=True)) == [
        "DS-01"
    ]
    assert [(t.name, int(t.lower_bound)) for t in version.thresholds.order_by("lower_bound")] == [
        ("Pratama", 0),
        ("Madya", 55),
        ("Utama", 80),
    ]
    assert Indicator.objects.filter(version=version, hazards__code="tanah-longsor").exists()
    assignment = Assignment.objects.get(version=version)
    assert assignment.kecamatan.count() == 8 and assignment.period_type == "quarter"
    kecamatan_reports = Report.objects.kecamatan_units()
    states = set(kecamatan_reports.values_list("state", flat=True))
    assert {ReportState.VERIFIED, ReportState.RETURNED, ReportState.SUBMITTED} <= states
    assert {"Pratama", "Madya", "Utama"} <= set(
        kecamatan_reports.filter(state=ReportState.VERIFIED).values_list("tier", flat=True)
    )
    assert kecamatan_reports.count() == 18
    # Paringin's current quarter is open and not started.
    paringin = [r.period_start for r in kecamatan_reports.filter(kecamatan__code="63.11.06")]
    assert len(paringin) == 3


def test_seed_demo_adds_desa_and_school_assessments_and_katana_counts_for_paringin_and_awayan(seeded_demo):
    call_command("seed_demo")  # idempotent
    destana = Report.objects.filter(version__template__name=DESTANA_NAME)
    assert set(destana.values_list("kecamatan__code", flat=True)) == {"63.11.03", "63.11.06"}
    assert {ReportState.VERIFIED, ReportState.SUBMITTED} <= set(destana.values_list("state", flat=True))
    assert {"Pratama", "Madya", "Utama"} <= set(
        destana.filter(state=ReportState.VERIFIED).values_list("tier", flat=True)
    )
    this_year = period_bounds("year", local_today("Asia/Makassar"))[0]
    assert not destana.filter(desa__code=WALKTHROUGH_DESA, period_start=this_year).exists()  # left for the walkthrough
    assert School.objects.count() == 5
    assert Report.objects.filter(school__isnull=False, state=ReportState.VERIFIED).count() == 2
    assert KatanaCount.objects.filter(desa__kecamatan__code="63.11.06").exists()
