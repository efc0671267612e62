"""Upward reports' alert rule, registered in the alerts registry: a district's SPM report for the
last quarter not submitted by its due date (the 20th of the month after the quarter)."""

from collections.abc import Iterable

from django.db.models import F, Min
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kecamatan.models import District
from kencana.alerts.models import Severity
from kencana.alerts.rules import Condition, Rule, register
from kencana.core.clock import local_today
from kencana.core.formats import day

from .models import SpmReport, quarter_due_on
from .services import last_quarter

SPM_RULE = "spm_report_overdue"


@register
class SpmReportOverdueRule(Rule):
    """Open from the day after the due date until the report is submitted (a returned report
    that was submitted once is the province's to follow, not overdue). A district is reminded once
    it files its SPM reports in Kencana (it has opened one for an earlier quarter): a district that
    has not started is not told every quarter of what it files elsewhere."""

    code = SPM_RULE
    label = gettext_lazy("SPM report overdue")
    resolution_note = gettext_lazy("The SPM report was submitted.")

    def evaluate(self, *, district_ids: Iterable[int] | None = None) -> Iterable[Condition]:
        # Districts that file in Kencana; one query for them, one for their reports.
        districts = District.objects.filter(spm_reports__isnull=False).distinct()
        if district_ids is not None:
            districts = districts.filter(pk__in=district_ids)
        late = []
        first = dict(
            SpmReport.objects.filter(district__in=districts)
            .values("district_id")
            .annotate(first=Min(F("year") * 10 + F("quarter")))
            .values_list("district_id", "first")
        )
        for district in districts.only("pk", "code", "name", "timezone"):
            year, quarter = last_quarter(local_today(district.timezone))
            due = quarter_due_on(year, quarter)
            if due < local_today(district.timezone) and first[district.pk] < year * 10 + quarter:
                late.append((district, year, quarter, due))
        if not late:
            return
        submitted = set(
            SpmReport.objects.filter(
                district_id__in=[d.pk for d, *_rest in late], first_submitted_at__isnull=False
            ).values_list("district_id", "year", "quarter")
        )
        for district, year, quarter, due in late:
            if (district.pk, year, quarter) in submitted:
                continue
            yield Condition(
                key=f"{self.code}:{district.code}:{year}-{quarter}",
                district_id=district.pk,
                title=_("SPM report overdue: TW %(quarter)s %(year)s") % {"quarter": quarter, "year": year},
                severity=Severity.MODERATE,
                detail=_("It was due by %(date)s and has not been submitted to the province.") % {"date": day(due)},
                subject=district,
                subject_label=f"{district.name} · TW {quarter} {year}",
            )
