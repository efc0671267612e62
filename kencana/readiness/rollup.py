"""Kecamatan answers computed from the units beneath it: its desa, schools and Katana counts.

A kecamatan indicator marked ``computed`` is never typed: its answer is one of the figures
below, with the source figures kept on the answer (``source_figures``) so the reviewer sees
where it came from. ``kencana.readiness.units`` decides when they are refreshed.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from kecamatan.models import Desa, Kecamatan, School

from .models import Answer, Computed, KatanaCount, Report, ReportState
from .scoring import answer_points
from .selectors import applicable_indicators
from .tiers import at_madya_or_above

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Figure:
    """A computed value and what it was computed from."""

    value: Decimal | None
    numerator: int
    denominator: int
    sources: list[dict]

    def as_json(self, kind: str) -> dict:
        return {
            "kind": kind,
            "value": None if self.value is None else str(self.value),
            "numerator": self.numerator,
            "denominator": self.denominator,
            "sources": self.sources,
            "computed_at": timezone.now().isoformat(),
        }


def _share(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) * 100 / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def _latest_verified(unit_field: str, unit_ids: list[int]) -> dict[int, Report]:
    """Each unit's newest verified assessment, by unit id."""
    latest = {}
    reports = (
        Report.objects.filter(state=ReportState.VERIFIED, **{f"{unit_field}__in": unit_ids})
        .select_related("version")
        .prefetch_related("version__thresholds")
        .order_by("period_start", "verified_at", "pk")
    )
    for report in reports:
        latest[getattr(report, f"{unit_field}_id")] = report
    return latest


def destana_madya_share(kecamatan: Kecamatan) -> Figure:
    desa = list(Desa.objects.filter(kecamatan=kecamatan).only("pk", "code", "name").order_by("code"))
    latest = _latest_verified("desa", [d.pk for d in desa])
    sources, reached = [], 0
    for place in desa:
        report = latest.get(place.pk)
        counts = report is not None and at_madya_or_above(report)
        reached += counts
        if report is not None:
            sources.append(
                {"unit": place.name, "code": place.code, "tier": report.tier, "report": report.pk, "counts": counts}
            )
    return Figure(_share(reached, len(desa)), reached, len(desa), sources)


def spab_verified_share(kecamatan: Kecamatan) -> Figure:
    schools = list(School.objects.filter(desa__kecamatan=kecamatan, active=True).order_by("name"))  # open ones
    latest = _latest_verified("school", [s.pk for s in schools])
    sources = [
        {"unit": school.name, "code": school.npsn, "tier": latest[school.pk].tier, "report": latest[school.pk].pk}
        for school in schools
        if school.pk in latest
    ]
    return Figure(_share(len(sources), len(schools)), len(sources), len(schools), sources)


def katana_per_1000(kecamatan: Kecamatan) -> Figure:
    latest: dict[int, KatanaCount] = {}
    for count in KatanaCount.objects.filter(desa__kecamatan=kecamatan).select_related("desa").order_by("counted_on"):
        latest[count.desa_id] = count
    households = sum(count.households for count in latest.values())
    population = kecamatan.population or 0
    value = None if not population else (Decimal(households) * 1000 / population).quantize(CENT, ROUND_HALF_UP)
    sources = [
        {"unit": c.desa.name, "code": c.desa.code, "households": c.households, "counted_on": c.counted_on.isoformat()}
        for c in sorted(latest.values(), key=lambda c: c.desa.code)
    ]
    return Figure(value, households, population, sources)


FIGURES = {
    Computed.DESTANA_MADYA_SHARE: destana_madya_share,
    Computed.SPAB_VERIFIED_SHARE: spab_verified_share,
    Computed.KATANA_PER_1000: katana_per_1000,
}


def computed_answers_write(*, report: Report) -> bool:
    """Write the computed answers of an open kecamatan report; True when one changed (the caller
    rescores). Runs inside the caller's transaction, on a locked or new report.
    """
    if report.desa_id or report.school_id or not report.is_open:
        return False
    computed = [i for i in applicable_indicators(version=report.version, kecamatan=report.kecamatan) if i.computed]
    changed = False
    for indicator in computed:
        figure = FIGURES[indicator.computed](report.kecamatan)
        answer = Answer.objects.filter(report=report, indicator=indicator).first() or Answer(
            report=report, indicator=indicator
        )
        if (
            answer.pk is not None
            and answer.number == figure.value
            and answer.source_figures.get("sources") == figure.sources
        ):
            continue
        answer.number = figure.value
        answer.points = answer_points(indicator, yes=None, number=figure.value, choice="")
        answer.source_figures = figure.as_json(indicator.computed)
        answer.verdict = ""  # a new figure waits for a new verdict, like a changed answer
        answer._change_reason = _("Computed from the desa and schools")
        answer.save()
        changed = True
    return changed
