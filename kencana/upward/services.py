"""Changes to the reports a district owes upward (the quarterly SPM report, the yearly IKD
self-assessment): open, fill in, submit, return, verify.

BPBD staff of the district file; BPBD Provinsi of its province verify or return; each change is
kept in the report's history (who, when, what).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kecamatan.models import District
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core.clock import local_today
from kencana.core.uploads import check_file, read_head
from kencana.readiness.models import Indicator
from kencana.readiness.scoring import HUNDRED, answer_points, score
from kencana.readiness.services import parse_value

from . import figures
from .models import (
    EDITABLE,
    IkdAnswer,
    IkdAssessment,
    SpmEntry,
    SpmReport,
    SpmSubActivity,
    UpwardState,
    quarter_bounds,
    quarter_due_on,
)
from .selectors import current_spm_version, ikd_answers, ikd_indicators, ikd_version_for

EVIDENCE_TYPES = ("application/pdf", "image/jpeg", "image/png", "image/webp")


@dataclass
class EntryInput:
    """What the district enters for one sub-activity (computed figures are not taken from here)."""

    sub_activity_id: int
    target: int | None = None
    achieved: int | None = None
    budget: Decimal | None = None
    components_met: list[str] = field(default_factory=list)
    note: str = ""
    evidence: UploadedFile | None = None


def _lock(report: SpmReport) -> SpmReport:
    return SpmReport.objects.select_for_update().select_related("district").get(pk=report.pk)


def _refresh_computed(report: SpmReport) -> None:
    """Write what Kencana computes for the report's quarter into its computed entries."""
    for entry in report.entries.select_related("sub_activity").exclude(sub_activity__source=""):
        figure = figures.compute(
            entry.sub_activity.source, district=report.district, year=report.year, quarter=report.quarter
        )
        if (entry.target, entry.achieved) != (figure.target, figure.achieved):
            entry.target, entry.achieved = figure.target, figure.achieved
            entry.save(update_fields=["target", "achieved"])


def spm_report_open(*, district: District, year: int, quarter: int, by) -> SpmReport:
    """The district's report for a quarter that has begun, with one entry per sub-activity of the
    current catalogue and Kencana's figures filled in."""
    require(
        permissions.may_file_upward_reports(by, district.pk), _("Only BPBD staff of the district file its SPM report.")
    )
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("A quarter is 1, 2, 3 or 4.")})
    if quarter_bounds(year, quarter)[0] > local_today(district.timezone):
        raise ValidationError({"quarter": _("This quarter has not begun yet.")})
    version = current_spm_version()
    if version is None:
        raise ValidationError(_("No SPM catalogue is published yet."))
    try:
        with transaction.atomic():
            report = SpmReport(
                district=district,
                year=year,
                quarter=quarter,
                version=version,
                due_on=quarter_due_on(year, quarter),
                opened_by=by,
            )
            report._history_user = by
            report.save()
            subs = SpmSubActivity.objects.filter(service__version=version)
            SpmEntry.objects.bulk_create(SpmEntry(report=report, sub_activity=sub) for sub in subs)
            _refresh_computed(report)
    except IntegrityError:
        raise ValidationError(_("The SPM report of this quarter is already open.")) from None
    return report


def _check_entries(report: SpmReport, entries: list[EntryInput]) -> dict[int, tuple[SpmEntry, EntryInput]]:
    """Each input matched to its entry, every problem named at once (nothing is written before)."""
    by_sub = {e.sub_activity_id: e for e in report.entries.select_related("sub_activity")}
    problems = []
    matched = {}
    for given in entries:
        entry = by_sub.get(given.sub_activity_id)
        if entry is None:
            raise ValidationError(_("This sub-activity is not part of the report."))
        sub = entry.sub_activity
        known = set(sub.components.values_list("code", flat=True))
        if set(given.components_met) - known:
            problems.append(_("%(code)s: a quality component that is not the sub-activity's.") % {"code": sub.code})
        if given.evidence is not None:
            check_file(
                name=given.evidence.name,
                size=given.evidence.size,
                head=read_head(given.evidence),
                accepted=EVIDENCE_TYPES,
            )
        matched[given.sub_activity_id] = (entry, given)
    if problems:
        raise ValidationError(problems)
    return matched


def _missing_for_submission(report: SpmReport) -> list[str]:
    missing = []
    for entry in report.entries.select_related("sub_activity"):
        sub = entry.sub_activity
        if entry.target is None or entry.achieved is None:
            missing.append(_("%(code)s %(name)s: target and achievement.") % {"code": sub.code, "name": sub.name})
        elif not sub.computed and entry.achieved > 0 and not entry.evidence:
            missing.append(_("%(code)s %(name)s: evidence of the achievement.") % {"code": sub.code, "name": sub.name})
    return missing


def spm_report_save(
    *,
    report: SpmReport,
    by,
    entries: list[EntryInput],
    problems: str = "",
    action_plan: str = "",
    submit: bool = False,
) -> SpmReport:
    """Save what the district entered (a draft, or a returned report being fixed), and submit it
    when asked: then every sub-activity needs its figures and entered achievements their evidence.
    Computed figures are recomputed, never taken from the input."""
    require(
        permissions.may_file_upward_reports(by, report.district_id),
        _("Only BPBD staff of the district file its SPM report."),
    )
    matched = _check_entries(report, entries)
    written = []  # files written before the transaction, removed again if it fails
    try:
        with transaction.atomic():
            report = _lock(report)
            if report.state not in EDITABLE:
                raise ValidationError(_("Only a draft or a returned report can be changed."))
            for entry, given in matched.values():
                if entry.sub_activity.computed:
                    entry.budget, entry.note = given.budget, given.note
                else:
                    entry.target, entry.achieved = given.target, given.achieved
                    entry.budget, entry.note = given.budget, given.note
                entry.components_met = sorted(set(given.components_met))
                if given.evidence is not None:
                    kind = check_file(
                        name=given.evidence.name,
                        size=given.evidence.size,
                        head=read_head(given.evidence),
                        accepted=EVIDENCE_TYPES,
                    )
                    entry.evidence.save(f"{entry.sub_activity.code}.{kind.extension}", given.evidence, save=False)
                    entry.evidence_type = kind.mime
                    written.append(entry.evidence)
                entry._history_user = by
                entry.save()
            report.problems, report.action_plan = problems, action_plan
            _refresh_computed(report)
            if submit:
                missing = _missing_for_submission(report)
                if missing:
                    raise ValidationError([_("Before submitting, fill in:"), *missing])
                now = timezone.now()
                report.state, report.submitted_at = UpwardState.SUBMITTED, now
                report.first_submitted_at = report.first_submitted_at or now
            report._history_user = by
            report.save()
    except Exception:
        for stored in written:
            stored.storage.delete(stored.name)
        raise
    return report


SPM_REVIEWERS = gettext_noop("Only BPBD Provinsi of the district's province verify or return its SPM report.")
IKD_REVIEWERS = gettext_noop("Only BPBD Provinsi of the district's province verify or return its IKD self-assessment.")


def _review(report: SpmReport | IkdAssessment, by, *, state: str, note: str) -> SpmReport | IkdAssessment:
    """The province's decision on a submitted SPM report or IKD assessment (the same flow for both)."""
    refusal = SPM_REVIEWERS if isinstance(report, SpmReport) else IKD_REVIEWERS
    require(permissions.may_verify_upward_reports(by, report.district_id), _(refusal))
    with transaction.atomic():
        report = type(report).objects.select_for_update().get(pk=report.pk)
        if report.state != UpwardState.SUBMITTED:
            raise ValidationError(_("Only a submitted report can be verified or returned."))
        report.state, report.review_note = state, note
        report.reviewed_at, report.reviewed_by = timezone.now(), by
        report._history_user = by
        report.save()
    return report


def _return_note(note: str) -> str:
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what the district should fix.")})
    return note.strip()


def spm_report_return(*, report: SpmReport, by, note: str) -> SpmReport:
    """Send a submitted report back to the district with a note of what to fix."""
    return _review(report, by, state=UpwardState.RETURNED, note=_return_note(note))


def spm_report_verify(*, report: SpmReport, by, note: str = "") -> SpmReport:
    """Accept a submitted report: it is final for its quarter."""
    return _review(report, by, state=UpwardState.VERIFIED, note=(note or "").strip())


def last_quarter(today: datetime.date) -> tuple[int, int]:
    """The quarter before the one ``today`` is in."""
    quarter = (today.month - 1) // 3 + 1
    return (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)


# --- IKD self-assessment --------------------------------------------------------------------------

IKD_FILERS = gettext_noop("Only BPBD staff of the district file its IKD self-assessment.")
FIRST_IKD_YEAR = 2018


@dataclass
class IkdAnswerInput:
    """The district's answer to one indicator, by its code: ``value`` as the readiness forms take it
    (``ya``/``tidak``, a number, a choice's label; empty clears it) and a comment."""

    indicator: str
    value: str = ""
    comment: str = ""


def _apply_ikd_scores(assessment: IkdAssessment, indicators: list[Indicator], answers) -> None:
    """The index (0–1), level and section scores from the readiness scoring and the version's
    thresholds (the caller saves)."""
    total, sections = score(indicators, answers)
    assessment.index = (total / HUNDRED).quantize(Decimal("0.0001"))
    assessment.level = assessment.version.tier_for(total)
    assessment.section_scores = [s.as_json() for s in sections]


def ikd_assessment_open(*, district: District, year: int, by) -> IkdAssessment:
    """The district's IKD self-assessment for a year that has begun, with the published version of
    its template that assesses the district."""
    require(permissions.may_file_upward_reports(by, district.pk), _(IKD_FILERS))
    if not FIRST_IKD_YEAR <= year <= local_today(district.timezone).year:
        raise ValidationError({"year": _("Assess a year from 2018 that has begun.")})
    version = ikd_version_for(district.pk)
    if version is None:
        raise ValidationError(
            _("The district has no published IKD template: import one that assesses the district, then publish it.")
        )
    try:
        with transaction.atomic():
            assessment = IkdAssessment(district=district, year=year, version=version, opened_by=by)
            _apply_ikd_scores(assessment, ikd_indicators(version), [])
            assessment._history_user = by
            assessment.save()
    except IntegrityError:
        raise ValidationError(_("The IKD self-assessment of this year is already open.")) from None
    return assessment


def _parse_ikd_answers(indicators: list[Indicator], answers: list[IkdAnswerInput]) -> list[tuple]:
    """Each input as (indicator, stored fields, comment); every problem named at once."""
    by_code = {indicator.code: indicator for indicator in indicators}
    errors, parsed = [], []
    for given in answers:
        indicator = by_code.get(given.indicator)
        if indicator is None:
            errors.append(_("%(code)s is not an indicator of this assessment.") % {"code": given.indicator})
            continue
        try:
            parsed.append((indicator, parse_value(indicator, given.value), (given.comment or "").strip()))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return parsed


def ikd_assessment_save(
    *, assessment: IkdAssessment, by, answers: list[IkdAnswerInput], submit: bool = False
) -> IkdAssessment:
    """Save the district's answers (a draft, or a returned assessment being fixed) and submit it when
    asked: then every indicator needs an answer. The index and level are computed again, never
    taken from the input; any problem refuses the whole save."""
    require(permissions.may_file_upward_reports(by, assessment.district_id), _(IKD_FILERS))
    indicators = ikd_indicators(assessment.version)
    parsed = _parse_ikd_answers(indicators, answers)
    with transaction.atomic():
        assessment = IkdAssessment.objects.select_for_update().select_related("version").get(pk=assessment.pk)
        if assessment.state not in EDITABLE:
            raise ValidationError(_("Only a draft or a returned assessment can be changed."))
        stored = ikd_answers(assessment)
        for indicator, fields, comment in parsed:
            answer = stored.get(indicator.pk)
            blank = fields["yes"] is None and fields["number"] is None and not fields["choice"]
            if answer is None and blank and not comment:
                continue  # a question left unanswered stays without an answer
            answer = answer or IkdAnswer(assessment=assessment, indicator=indicator)
            if answer.pk and (answer.yes, answer.number, answer.choice, answer.comment) == (
                fields["yes"],
                fields["number"],
                fields["choice"],
                comment,
            ):
                continue
            answer.yes, answer.number, answer.choice = fields["yes"], fields["number"], fields["choice"]
            answer.points = answer_points(indicator, **fields)
            answer.comment = comment
            answer._history_user = by
            answer.save()
            stored[indicator.pk] = answer
        _apply_ikd_scores(assessment, indicators, stored.values())
        if submit:
            missing = [i for i in indicators if stored.get(i.pk) is None or stored[i.pk].points is None]
            if missing:
                raise ValidationError([_("Before submitting, answer:"), *(f"{i.code} {i.text}" for i in missing)])
            now = timezone.now()
            assessment.state, assessment.submitted_at = UpwardState.SUBMITTED, now
            assessment.first_submitted_at = assessment.first_submitted_at or now
        assessment._history_user = by
        assessment.save()
    return assessment


def ikd_assessment_return(*, assessment: IkdAssessment, by, note: str) -> IkdAssessment:
    """Send a submitted assessment back to the district with a note of what to fix."""
    return _review(assessment, by, state=UpwardState.RETURNED, note=_return_note(note))


def ikd_assessment_verify(*, assessment: IkdAssessment, by, note: str = "") -> IkdAssessment:
    """Accept a submitted assessment: its index and level are final for the year."""
    return _review(assessment, by, state=UpwardState.VERIFIED, note=(note or "").strip())
