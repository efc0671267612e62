"""Reads of readiness data, always scoped by user.

Partners reach templates only through the library (``library_*``); reports, scores
and evidence are scoped by ``kecamatan_for`` (a desa facilitator's by ``desa_for``) and so
never leave their district.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from kecamatan.models import GEOMETRY_FIELDS, Desa, Kecamatan, School, geometry_of
from kecamatan.selectors import desa_get, hazard_codes_of, kecamatan_get, school_get
from kencana.accounts.scope import desa_for, districts_for, kecamatan_for, reporting_districts_for, schools_for
from kencana.core.clock import local_today
from kencana.library.models import VersionState
from kencana.library.selectors import library_templates

from .models import (
    Answer,
    Assignment,
    Evidence,
    Indicator,
    KatanaCount,
    Report,
    ReportState,
    Template,
    TemplateVersion,
    UnitKind,
)
from .periods import period_bounds, period_label, period_starts
from .scoring import is_weak
from .spec import SPEC
from .tiers import at_madya_or_above

# --- Templates --------------------------------------------------------------------


def template_list(*, user) -> QuerySet[Template]:
    """The district's own templates (BPBD staff and admins, and overseers of the district)."""
    if not user.reads_like_bpbd:
        return Template.objects.none()
    return (
        Template.objects.filter(district__in=districts_for(user))
        .select_related("district", "source_template__district")
        .prefetch_related("versions")
    )


def template_get(*, user, pk: int) -> Template:
    return get_object_or_404(template_list(user=user), pk=pk)


def version_get(*, user, pk: int) -> TemplateVersion:
    """A version of one of the user's own district's templates."""
    return get_object_or_404(
        TemplateVersion.objects.filter(template__in=template_list(user=user)).select_related("template__district"),
        pk=pk,
    )


def library_list(*, user) -> QuerySet[Template]:
    """Templates in the library the user may browse (own district's, partners' shared)."""
    return library_templates(spec=SPEC, user=user).annotate(adoption_count=Count("adoptions", distinct=True))


def library_template_get(*, user, pk: int) -> Template:
    return get_object_or_404(library_list(user=user), pk=pk)


def library_version_get(*, user, pk: int) -> TemplateVersion:
    """A published or retired version of a template in the user's library (never a draft)."""
    return get_object_or_404(
        TemplateVersion.objects.filter(template__in=library_list(user=user))
        .exclude(state=VersionState.DRAFT)
        .select_related("template__district"),
        pk=pk,
    )


def version_content(version: TemplateVersion) -> TemplateVersion:
    """The version with sections, indicators (with hazards) and thresholds loaded in few queries."""
    return (
        TemplateVersion.objects.select_related("template__district", "source_version__template__district")
        .prefetch_related(
            "thresholds",
            Prefetch(
                "sections__indicators",
                queryset=Indicator.objects.prefetch_related("hazards").order_by("position", "id"),
            ),
        )
        .get(pk=version.pk)
    )


# --- Indicators that apply --------------------------------------------------------


def applies_to(indicator: Indicator, hazard_codes: set[str]) -> bool:
    codes = {hazard.code for hazard in indicator.hazards.all()}
    return not codes or bool(codes & hazard_codes)


def applicable_indicators(*, version: TemplateVersion, kecamatan: Kecamatan) -> list[Indicator]:
    """The version's indicators asked of this kecamatan: those with no hazard, or one it faces."""
    hazard_codes = hazard_codes_of(kecamatan=kecamatan)
    indicators = (
        Indicator.objects.filter(version=version)
        .select_related("section")
        .prefetch_related("hazards")
        .order_by("section__position", "section_id", "position", "id")
    )
    return [indicator for indicator in indicators if applies_to(indicator, hazard_codes)]


# --- Reports ----------------------------------------------------------------------


def report_list(*, user) -> QuerySet[Report]:
    """Reports of kecamatan the user works on (with their desa and schools); a desa facilitator's
    desa only, a school focal person's school only. Partner districts see none of them."""
    if user.is_authenticated and user.is_facilitator:
        reports = Report.objects.filter(desa__in=desa_for(user))
    elif user.is_authenticated and user.is_school_focal:
        reports = Report.objects.filter(school__in=schools_for(user))
    else:
        reports = Report.objects.filter(kecamatan__in=kecamatan_for(user))
    return reports.select_related(
        "kecamatan__district", "desa", "school", "version__template", "submitted_by", "verified_by"
    )


def report_get(*, user, pk: int) -> Report:
    return get_object_or_404(report_list(user=user), pk=pk)


def evidence_get(*, user, pk: int) -> Evidence:
    return get_object_or_404(
        Evidence.objects.filter(answer__report__in=report_list(user=user)).select_related("answer__report"), pk=pk
    )


def report_answers(report: Report) -> dict[int, Answer]:
    """The report's answers by indicator id, with their evidence."""
    answers = report.answers.select_related("reviewed_by").prefetch_related("evidence")
    return {answer.indicator_id: answer for answer in answers}


def assignment_list(*, user) -> QuerySet[Assignment]:
    assignments = Assignment.objects.filter(district__in=reporting_districts_for(user))
    if user.is_authenticated and user.is_facilitator:  # only what a facilitator fills in
        assignments = assignments.filter(version__template__unit_kind=UnitKind.DESA)
    elif user.is_authenticated and user.is_school_focal:  # and a focal person
        assignments = assignments.filter(version__template__unit_kind=UnitKind.SCHOOL)
    return assignments.select_related("version__template", "district").prefetch_related("kecamatan")


@dataclass
class OpenPeriod:
    """A period an officer may report on now, with its report if one was started."""

    assignment: Assignment
    kecamatan: Kecamatan
    period_start: datetime.date
    period_end: datetime.date
    report: Report | None
    desa: Desa | None = None
    school: School | None = None

    @property
    def unit_name(self) -> str:
        return (self.desa or self.school or self.kecamatan).name

    @property
    def anchor(self) -> str:
        """The id of this period's entry in the list of reports open now (the readiness page)."""
        unit = self.desa.code if self.desa else self.school.npsn if self.school else self.kecamatan.code
        return f"open-{self.assignment.pk}-{unit}-{self.period_start:%Y%m%d}"


def open_periods(*, user, kinds: tuple[str, ...] | None = None) -> list[OpenPeriod]:
    """Periods that have started and not yet closed, for every assigned unit in scope (of the unit
    kinds given, every kind otherwise): the kecamatan, their desa and their open schools.

    Returned or reopened reports stay open until verified, whatever the date.
    """
    result = []
    kecamatan_ids = set(kecamatan_for(user).values_list("pk", flat=True))
    desa_of = defaultdict(list)  # the desa in scope per kecamatan id, for desa templates
    for desa in desa_for(user).defer("boundary", "boundary_simplified", "boundary_outline").order_by("code"):
        desa_of[desa.kecamatan_id].append(desa)
    schools_of = defaultdict(list)  # the open schools in scope per kecamatan id, for school templates
    schools = schools_for(user).filter(active=True).select_related("desa").defer(*geometry_of("desa"))
    if kinds is None or UnitKind.SCHOOL in kinds:
        for school in schools.order_by("name"):
            schools_of[school.desa.kecamatan_id].append(school)
    assignments = assignment_list(user=user).filter(active=True)
    if kinds is not None:
        assignments = assignments.filter(version__template__unit_kind__in=kinds)
    assignments = list(assignments)
    # One query for the reports of every assignment, not one per kecamatan.
    reports_of: dict[tuple, dict[datetime.date, Report]] = defaultdict(dict)
    for report in report_list(user=user).filter(assignment__in=assignments):
        unit = (report.assignment_id, report.kecamatan_id, report.desa_id, report.school_id)
        reports_of[unit][report.period_start] = report
    for assignment in assignments:
        today = local_today(assignment.district.timezone)
        unit_kind = assignment.version.template.unit_kind
        for kecamatan in assignment.kecamatan.all():
            if unit_kind == UnitKind.DESA:
                units = [(desa, None) for desa in desa_of.get(kecamatan.pk, [])]
            elif unit_kind == UnitKind.SCHOOL:
                units = [(None, school) for school in schools_of.get(kecamatan.pk, [])]
            elif unit_kind == UnitKind.KECAMATAN and kecamatan.pk in kecamatan_ids:
                units = [(None, None)]
            else:
                units = []
            for desa, school in units:
                unit = (assignment.pk, kecamatan.pk, desa.pk if desa else None, school.pk if school else None)
                reports = reports_of[unit]
                for start in period_starts(assignment.period_type, assignment.starts_on, today):
                    _start, end = period_bounds(assignment.period_type, start)
                    report = reports.get(start)
                    closes = end + datetime.timedelta(days=assignment.close_days)
                    still_open = today <= closes and (report is None or report.state != ReportState.VERIFIED)
                    returned = report is not None and report.state == ReportState.RETURNED
                    if still_open or returned:
                        result.append(OpenPeriod(assignment, kecamatan, start, end, report, desa=desa, school=school))
    result.sort(
        key=lambda p: (
            p.kecamatan.code,
            p.desa.code if p.desa else "",
            p.school.name if p.school else "",
            p.period_start,
        )
    )
    return result


# --- Gaps (read by the action plans app) ------------------------------------------


def report_gaps(*, report: Report) -> list[Answer]:
    """Answers scoring below the version's "weak" line: suggested action items for the kecamatan."""
    weak_below = report.version.weak_below
    answers = report.answers.select_related("indicator__section").order_by(
        "indicator__section__position", "indicator__position"
    )
    return [answer for answer in answers if is_weak(answer, weak_below)]


def next_answer(*, answer: Answer) -> Answer | None:
    """The same indicator (matched by code) in the kecamatan's next submitted report after this one."""
    report = answer.report
    later = (
        Report.objects.filter(
            kecamatan_id=report.kecamatan_id,
            period_start__gt=report.period_start,
            state__in=[ReportState.SUBMITTED, ReportState.VERIFIED],
            version__template=report.version.template,
        )
        .order_by("period_start")
        .first()
    )
    if later is None:
        return None
    return (
        later.answers.select_related("indicator", "report__version")
        .filter(indicator__code=answer.indicator.code)
        .first()
    )


def gap_closed(*, answer: Answer) -> bool | None:
    """True when next period's answer is no longer weak, False when it still is, None when not reported yet."""
    following = next_answer(answer=answer)
    if following is None:
        return None
    return not is_weak(following, following.report.version.weak_below)


# --- Completeness and trend -------------------------------------------------------


# A report in one of these states is verified or waiting for its verification.
VERIFYING = (ReportState.VERIFIED, ReportState.SUBMITTED)


@dataclass
class CompletenessRow:
    """One expected unit of a period: a kecamatan, or (a desa or school template) one of its desa or
    schools, with its report if one was opened."""

    kecamatan: Kecamatan
    report: Report | None
    desa: Desa | None = None
    school: School | None = None

    @property
    def unit_name(self) -> str:
        return (self.desa or self.school or self.kecamatan).name

    @property
    def submitted(self) -> bool:
        return self.report is not None and self.report.first_submitted_at is not None

    @property
    def on_time(self) -> bool:
        return self.submitted and bool(self.report.submitted_on_time)

    @property
    def verified(self) -> bool:
        return self.report is not None and self.report.state == ReportState.VERIFIED

    @property
    def returned(self) -> bool:
        return self.report is not None and self.report.state == ReportState.RETURNED

    @property
    def missing(self) -> bool:
        return not self.submitted


@dataclass
class Completeness:
    assignment: Assignment
    period_start: datetime.date
    rows: list[CompletenessRow] = field(default_factory=list)

    def _count(self, name: str) -> int:
        return sum(1 for row in self.rows if getattr(row, name))

    @property
    def due_passed(self) -> bool:
        """Whether the period's "due by" date is behind us, in the district's time."""
        end = period_bounds(self.assignment.period_type, self.period_start)[1]
        due = end + datetime.timedelta(days=self.assignment.due_days)
        return due < local_today(self.assignment.district.timezone)

    def showing(self, show: str) -> list[CompletenessRow]:
        """The rows behind one figure: "submitted", "on_time", "verified", "returned", "missing",
        "overdue" (missing after the due date), "unverified" (neither verified nor awaiting
        verification), or every expected row."""
        if show == "overdue":
            return [row for row in self.rows if row.missing] if self.due_passed else []
        if show == "unverified":
            return [row for row in self.rows if row.report is None or row.report.state not in VERIFYING]
        if show in ("submitted", "on_time", "verified", "returned", "missing"):
            return [row for row in self.rows if getattr(row, show)]
        return self.rows

    @property
    def period_label(self) -> str:
        return period_label(self.assignment.period_type, self.period_start)

    @property
    def figure_links(self) -> list[tuple[str, int]]:
        """Expected, submitted, verified and missing, each with the ``show`` that lists its rows."""
        totals = self.totals
        return [("", totals["expected"]), *((name, totals[name]) for name in ("submitted", "verified", "missing"))]

    @property
    def totals(self) -> dict[str, int]:
        return {
            "expected": len(self.rows),
            **{name: self._count(name) for name in ("submitted", "on_time", "verified", "returned", "missing")},
        }


def unit_completeness(*, user, kecamatan: Kecamatan) -> list[Completeness]:
    """For the kecamatan page: each active desa or school assignment of the kecamatan with the
    completeness of its desa or schools for the period completeness is about (``default_period``)."""
    assignments = (
        assignment_list(user=user)
        .filter(active=True, kecamatan=kecamatan, version__template__unit_kind__in=[UnitKind.DESA, UnitKind.SCHOOL])
        .order_by("version__template__unit_kind", "pk")
    )
    result = []
    for assignment in assignments:
        start = default_period(assignment)
        if start is not None:
            result.append(completeness(user=user, assignment=assignment, period_start=start, kecamatan=kecamatan))
    return result


def assignment_periods(assignment: Assignment) -> list[datetime.date]:
    """Period starts from the assignment's first to the current one, newest first."""
    today = local_today(assignment.district.timezone)
    return list(reversed(period_starts(assignment.period_type, assignment.starts_on, today)))


def default_period(assignment: Assignment) -> datetime.date | None:
    """The latest period whose due date has passed (what completeness is about), else the current one."""
    periods = assignment_periods(assignment)
    today = local_today(assignment.district.timezone)
    for start in periods:
        end = period_bounds(assignment.period_type, start)[1]
        if end + datetime.timedelta(days=assignment.due_days) < today:
            return start
    return periods[0] if periods else None


def completeness(
    *, user, assignment: Assignment, period_start: datetime.date, kecamatan: Kecamatan | None = None
) -> Completeness:
    """Expected, submitted, on time, verified, returned and missing reports for one period: one row
    per assigned kecamatan in scope, or for a desa or school template per desa or open school of
    those kecamatan (of one kecamatan when given)."""
    places = assignment.kecamatan.filter(pk__in=kecamatan_for(user)).defer(*GEOMETRY_FIELDS).order_by("code")
    if kecamatan is not None:
        places = places.filter(pk=kecamatan.pk)
    reports = Report.objects.filter(assignment=assignment, period_start=period_start).select_related(
        "kecamatan__district"
    )
    kind = assignment.version.template.unit_kind
    if kind == UnitKind.DESA:
        by_desa = {report.desa_id: report for report in reports.filter(desa__isnull=False)}
        units = (
            desa_for(user)
            .filter(kecamatan__in=places)
            .select_related("kecamatan")
            .defer(*GEOMETRY_FIELDS, *geometry_of("kecamatan"))
            .order_by("kecamatan__code", "code")
        )
        rows = [CompletenessRow(desa.kecamatan, by_desa.get(desa.pk), desa=desa) for desa in units]
    elif kind == UnitKind.SCHOOL:
        by_school = {report.school_id: report for report in reports.filter(school__isnull=False)}
        units = (
            schools_for(user)
            .filter(desa__kecamatan__in=places, active=True)
            .select_related("desa__kecamatan")
            .defer(*geometry_of("desa", "desa__kecamatan"))
            .order_by("desa__kecamatan__code", "name")
        )
        rows = [CompletenessRow(school.desa.kecamatan, by_school.get(school.pk), school=school) for school in units]
    else:
        by_kecamatan = {report.kecamatan_id: report for report in reports.kecamatan_units()}
        rows = [CompletenessRow(kec, by_kecamatan.get(kec.pk)) for kec in places]
    return Completeness(assignment, period_start, rows)


def kecamatan_trend(*, user, kecamatan: Kecamatan) -> list[Report]:
    """The kecamatan's scored reports oldest first (verified and submitted), for the trend chart."""
    return list(
        report_list(user=user)
        .kecamatan_units()
        .filter(kecamatan=kecamatan, score__isnull=False)
        .exclude(state=ReportState.DRAFT)
        .order_by("period_start")
    )


def results_filtered(*, user, params: dict) -> QuerySet[Report]:
    """Reports for the results table and its exports, filtered like the page."""
    # The kecamatan's own reports: its desa and schools are listed on the kecamatan and desa pages.
    reports = report_list(user=user).kecamatan_units().exclude(state=ReportState.DRAFT)
    if params.get("period"):
        reports = reports.filter(period_start=params["period"])
    if params.get("kecamatan"):
        reports = reports.filter(kecamatan__code=params["kecamatan"])
    if params.get("district"):
        reports = reports.filter(kecamatan__district__code=params["district"])
    if params.get("state"):
        reports = reports.filter(state=params["state"])
    if params.get("tier"):
        reports = reports.filter(tier=params["tier"])
    if params.get("template"):
        reports = reports.filter(version__template_id=params["template"])
    return reports.order_by("-period_start", "kecamatan__code")


def latest_scores(*, user, kecamatan: Kecamatan | None = None) -> dict[int, Report]:
    """Each kecamatan's latest verified report (of one kecamatan when given), by kecamatan id."""
    newest = (
        Report.objects.kecamatan_units()
        .filter(kecamatan=OuterRef("kecamatan"), state=ReportState.VERIFIED)
        .order_by("-period_start", "-pk")
        .values("pk")[:1]
    )
    reports = report_list(user=user).kecamatan_units().filter(state=ReportState.VERIFIED, pk=Subquery(newest))
    if kecamatan is not None:
        reports = reports.filter(kecamatan=kecamatan)
    return {report.kecamatan_id: report for report in reports}


def state_counts(reports: QuerySet[Report]) -> dict[str, int]:
    counts = defaultdict(int)
    for row in reports.values("state").annotate(n=Count("pk")):
        counts[row["state"]] = row["n"]
    return dict(counts)


@dataclass
class AnswerChange:
    when: datetime.datetime
    who: str
    code: str
    field: str
    old: object
    new: object


def answer_changes(report: Report) -> list[AnswerChange]:
    """Changes to answers since the report was last reopened: what changed after verification, who, when."""
    changes = []
    records = (
        Answer.history.filter(report_id=report.pk, history_date__gte=report.reopened_at, history_type="~")
        .select_related("history_user", "indicator")
        .order_by("history_date")
    )
    for record in records:
        previous = record.prev_record
        if previous is None:
            continue
        who = record.history_user.get_full_name() or record.history_user.username if record.history_user else ""
        for change in record.diff_against(previous, included_fields=["yes", "number", "choice", "comment"]).changes:
            label = str(Answer._meta.get_field(change.field).verbose_name)
            changes.append(AnswerChange(record.history_date, who, record.indicator.code, label, change.old, change.new))
    return changes


def kecamatan_in_scope(*, user) -> QuerySet[Kecamatan]:
    return kecamatan_for(user).filter(~Q(readiness_assignments=None)).distinct().order_by("code")


def district_kecamatan(*, user, district) -> QuerySet[Kecamatan]:
    """Every kecamatan of the district the user sees, assigned a template or not."""
    return kecamatan_for(user).filter(district=district).defer(*GEOMETRY_FIELDS).order_by("code")


# --- Desa and schools beneath a kecamatan -----------------------------------------


@dataclass
class UnitRow:
    """A desa or school with its newest verified assessment, its newest in any state, and (a desa)
    its latest Katana count."""

    unit: Desa | School
    verified: Report | None = None
    latest: Report | None = None
    katana: KatanaCount | None = None


def _unit_rows(units, reports, unit_field: str) -> list[UnitRow]:
    rows = {unit.pk: UnitRow(unit) for unit in units}
    for report in reports.order_by("period_start", "pk"):  # the newest ends up last
        row = rows.get(getattr(report, f"{unit_field}_id"))
        if row is None:
            continue
        row.latest = report
        if report.state == ReportState.VERIFIED:
            row.verified = report
    return list(rows.values())


def desa_rows(*, user, kecamatan: Kecamatan | None = None, desa: Desa | None = None) -> list[UnitRow]:
    """The desa in the user's scope (of one kecamatan, or one desa, when given) with their Destana
    assessments and latest Katana count."""
    places = desa_for(user).select_related("kecamatan").defer(*GEOMETRY_FIELDS, *geometry_of("kecamatan"))
    if kecamatan is not None:
        places = places.filter(kecamatan=kecamatan)
    if desa is not None:
        places = places.filter(pk=desa.pk)
    places = list(places.order_by("code"))
    reports = report_list(user=user).filter(desa__in=places, version__template__unit_kind=UnitKind.DESA)
    rows = _unit_rows(places, reports, "desa")
    latest_count = {}
    for count in KatanaCount.objects.filter(desa__in=places).order_by("counted_on"):
        latest_count[count.desa_id] = count
    for row in rows:
        row.katana = latest_count.get(row.unit.pk)
    return rows


def school_rows(
    *, user, kecamatan: Kecamatan | None = None, desa: Desa | None = None, school: School | None = None
) -> list[UnitRow]:
    """Schools in the user's scope (of one kecamatan, one desa, or the one school, when given) with
    their SPAB assessments; open schools first."""
    schools = (
        schools_for(user).select_related("desa").defer(*geometry_of("desa")).order_by("-active", "desa__code", "name")
    )
    if kecamatan is not None:
        schools = schools.filter(desa__kecamatan=kecamatan)
    if desa is not None:
        schools = schools.filter(desa=desa)
    if school is not None:
        schools = schools.filter(pk=school.pk)
    schools = list(schools)
    reports = report_list(user=user).filter(school__in=schools)
    return _unit_rows(schools, reports, "school")


def katana_counts(*, user, desa: Desa) -> QuerySet[KatanaCount]:
    return KatanaCount.objects.filter(desa__in=desa_for(user), desa=desa).select_related("recorded_by")


def destana_coverage(*, user) -> dict:
    """For the district's home page: desa in scope, those with a verified desa assessment, and those
    whose latest verified assessment is at Madya or above."""
    places = desa_for(user)
    verified = (
        Report.objects.filter(desa__in=places, state=ReportState.VERIFIED)
        .select_related("version")
        .prefetch_related("version__thresholds")
        .order_by("period_start", "pk")
    )
    latest = {report.desa_id: report for report in verified}
    return {
        "desa": places.count(),
        "assessed": len(latest),
        "madya_or_above": sum(at_madya_or_above(report) for report in latest.values()),
    }


def desa_tiers(*, user, kecamatan_ids: list[int]) -> dict[int, str]:
    """The tier of each desa's latest verified assessment, by desa id, for the map."""
    reports = (
        report_list(user=user)
        .filter(kecamatan_id__in=kecamatan_ids, desa__isnull=False, state=ReportState.VERIFIED)
        .order_by("period_start", "verified_at", "pk")
        .values_list("desa_id", "tier")
    )
    return dict(reports)  # the newest comes last and wins


def unit_to_open(
    *, user, kecamatan_code: str = "", desa_code: str = "", npsn: str = ""
) -> tuple[Kecamatan, Desa | None, School | None]:
    """The kecamatan, desa and school a request to open a report names, each in the user's scope
    (404 otherwise): a desa or school brings its own kecamatan (a facilitator sees no other)."""
    if desa_code:
        desa = desa_get(user=user, code=desa_code)
        return desa.kecamatan, desa, None
    if npsn:
        school = school_get(user=user, npsn=npsn)
        return school.desa.kecamatan, None, school
    return kecamatan_get(user=user, code=kecamatan_code), None, None
