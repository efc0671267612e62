"""Readiness: reports overdue, and kecamatan at high risk whose readiness is at the lowest tier."""

import datetime
from collections.abc import Iterable

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kecamatan.models import GEOMETRY_FIELDS, Kecamatan, RiskProfile, geometry_of
from kencana.core.clock import local_today
from kencana.core.formats import day, number
from kencana.readiness.models import Assignment, Report, ReportState, TierThreshold
from kencana.readiness.periods import period_bounds, period_label, period_starts

from ..models import Severity
from .base import Condition, Rule, register


@register
class ReportOverdueRule(Rule):
    """An expected report past its "due by" date and not submitted, until the period closes."""

    code = "report_overdue"
    label = gettext_lazy("Readiness report overdue")
    resolution_note = gettext_lazy("The report was submitted, or its period closed.")

    def evaluate(self, *, district_ids: Iterable[int] | None = None) -> Iterable[Condition]:
        assignments = (
            Assignment.objects.filter(active=True)
            .select_related("district")
            .defer(*geometry_of("district"))
            .prefetch_related(Prefetch("kecamatan", queryset=Kecamatan.objects.defer(*GEOMETRY_FIELDS)))
        )
        if district_ids is not None:
            assignments = assignments.filter(district_id__in=district_ids)
        late = []  # (assignment, period start, period end)
        for assignment in assignments:
            today = local_today(assignment.district.timezone)
            for start in period_starts(assignment.period_type, assignment.starts_on, today):
                end = period_bounds(assignment.period_type, start)[1]
                due, closes = (
                    end + datetime.timedelta(days=assignment.due_days),
                    end + datetime.timedelta(days=assignment.close_days),
                )
                if due < today <= closes:
                    late.append((assignment, start, due))
        if not late:
            return
        submitted = set(
            Report.objects.filter(
                assignment_id__in={a.pk for a, _s, _d in late},
                period_start__in={s for _a, s, _d in late},
                first_submitted_at__isnull=False,
            ).values_list("assignment_id", "kecamatan_id", "period_start")
        )
        for assignment, start, due in late:
            label = period_label(assignment.period_type, start)
            for kecamatan in assignment.kecamatan.all():
                if (assignment.pk, kecamatan.pk, start) in submitted:
                    continue
                yield Condition(
                    key=f"{self.code}:{assignment.pk}:{kecamatan.code}:{start.isoformat()}",
                    district_id=assignment.district_id,
                    kecamatan_id=kecamatan.pk,
                    title=_("Readiness report overdue: %(kecamatan)s, %(period)s")
                    % {"kecamatan": kecamatan.name, "period": label},
                    severity=Severity.MODERATE,
                    detail=_("It was due by %(date)s and has not been submitted.") % {"date": day(due)},
                    subject=kecamatan,
                    subject_label=f"{kecamatan.name} · {label}",
                )


@register
class HighRiskLowReadinessRule(Rule):
    """A kecamatan with a high risk class for some hazard whose latest verified report is at the lowest tier."""

    code = "high_risk_low_readiness"
    label = gettext_lazy("High risk, low readiness")
    resolution_note = gettext_lazy(
        "The kecamatan's readiness rose above the lowest tier, or its risk is no longer high."
    )

    def evaluate(self, *, district_ids: Iterable[int] | None = None) -> Iterable[Condition]:
        high = RiskProfile.objects.filter(risk_class=RiskProfile.RiskClass.HIGH).select_related("hazard")
        newest = (
            Report.objects.filter(kecamatan=OuterRef("kecamatan"), state=ReportState.VERIFIED)
            .order_by("-period_start", "-pk")
            .values("pk")[:1]
        )
        reports = (
            Report.objects.filter(state=ReportState.VERIFIED, pk=Subquery(newest))
            .select_related("kecamatan")
            .defer(*geometry_of("kecamatan"))
        )
        if district_ids is not None:
            high = high.filter(kecamatan__district_id__in=district_ids)
            reports = reports.filter(kecamatan__district_id__in=district_ids)
        hazards: dict[int, list[str]] = {}
        for profile in high:
            hazards.setdefault(profile.kecamatan_id, []).append(profile.hazard.name)
        latest = {report.kecamatan_id: report for report in reports.filter(kecamatan_id__in=hazards)}
        lowest = {}
        for threshold in TierThreshold.objects.filter(version_id__in={r.version_id for r in latest.values()}).order_by(
            "version_id", "lower_bound"
        ):
            lowest.setdefault(threshold.version_id, threshold.name)
        for kecamatan_id, report in latest.items():
            if report.tier != lowest.get(report.version_id):
                continue
            kecamatan = report.kecamatan
            yield Condition(
                key=f"{self.code}:{kecamatan.code}",
                district_id=kecamatan.district_id,
                kecamatan_id=kecamatan.pk,
                title=_("High risk, readiness at %(tier)s: %(kecamatan)s")
                % {"tier": report.tier, "kecamatan": kecamatan.name},
                severity=Severity.MODERATE,
                detail=_("High risk of %(hazards)s; the latest verified report (%(period)s) scored %(score)s.")
                % {
                    "hazards": ", ".join(sorted(hazards[kecamatan_id])),
                    "period": report.period_label,
                    "score": number(report.score, 1),
                },
                subject=kecamatan,
                subject_label=kecamatan.name,
            )
