"""The demo's upward reports: Balangan's IKD self-assessment of this year, submitted on the starter
template and waiting for BPBD Provinsi Kalimantan Selatan."""

from django.core.management import call_command

from kencana.accounts import permissions
from kencana.accounts.models import User
from kencana.readiness.models import UnitKind
from kencana.upward.models import IkdAssessment, UpwardState

from ..factories import today


def test_balangans_ikd_of_this_year_waits_for_the_province_and_a_second_seed_keeps_it(demo_everything):
    assessment = IkdAssessment.objects.get(district__code="63.11")
    assert (assessment.year, assessment.state) == (today().year, UpwardState.SUBMITTED)
    assert assessment.version.template.unit_kind == UnitKind.DISTRICT
    assert assessment.answers.count() == assessment.version.indicators.count() == 14
    assert 0 < assessment.index < 1 and assessment.level.startswith("Tingkat")
    province = User.objects.get(username="prov.kalsel")
    assert permissions.may_verify_upward_reports(province, assessment.district_id)
    call_command("seed_demo")
    assert IkdAssessment.objects.count() == 1
