"""What Kencana computes for a sub-activity of the SPM report from its own data.

Each source (``models.Source``) counts, for one district and quarter, an achievement against a
target: the target is the whole (every kecamatan, every card), the achievement the part done.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from kecamatan.models import District, Kecamatan, RiskProfile
from kencana.plans.models import QuickResponseCard
from kencana.readiness.models import Report, ReportState

from .models import Source, quarter_bounds


@dataclass(frozen=True)
class Figure:
    target: int
    achieved: int


def _risk_profiles(district: District, year: int, quarter: int) -> Figure:
    kecamatan = Kecamatan.objects.filter(district=district)
    profiled = RiskProfile.objects.filter(kecamatan__district=district).values("kecamatan").distinct().count()
    return Figure(target=kecamatan.count(), achieved=profiled)


def _verified_readiness(district: District, year: int, quarter: int) -> Figure:
    start, end = quarter_bounds(year, quarter)
    verified = (
        Report.objects.kecamatan_units()
        .filter(kecamatan__district=district, state=ReportState.VERIFIED)
        .filter(Q(period_start__gte=start, period_start__lte=end) | Q(verified_at__date__range=(start, end)))
        .values("kecamatan")
        .distinct()
        .count()
    )
    return Figure(target=Kecamatan.objects.filter(district=district).count(), achieved=verified)


def _cards_reviewed(district: District, year: int, quarter: int) -> Figure:
    start, end = quarter_bounds(year, quarter)
    cards = QuickResponseCard.objects.filter(kecamatan__district=district)
    return Figure(target=cards.count(), achieved=cards.filter(last_reviewed_on__range=(start, end)).count())


COMPUTE: dict[str, Callable[[District, int, int], Figure]] = {
    Source.RISK_PROFILES: _risk_profiles,
    Source.VERIFIED_READINESS: _verified_readiness,
    Source.CARDS_REVIEWED: _cards_reviewed,
}


def compute(source: str, *, district: District, year: int, quarter: int) -> Figure:
    return COMPUTE[source](district, year, quarter)
