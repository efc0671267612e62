"""Changes to the reports a district owes upward: open, fill in, submit, return, verify.

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

from kecamatan.models import District
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core.clock import local_today
from kencana.core.uploads import check_file, read_head

from . import figures
from .models import EDITABLE, SpmEntry, SpmReport, UpwardState, SpmSubActivity, quarter_bounds, quarter_due_on
from .selectors import current_spm_version

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


def _review(report: SpmReport, by, *, state: str, note: str) -> SpmReport:
    require(
        permissions.may_verify_upward_reports(by, report.district_id),
        _("Only BPBD Provinsi of the district's province verify or return its SPM report."),
    )
    with transaction.atomic():
        report = _lock(report)
        if report.state != UpwardState.SUBMITTED:
            raise ValidationError(_("Only a submitted report can be verified or returned."))
        report.state, report.review_note = state, note
        report.reviewed_at, report.reviewed_by = timezone.now(), by
        report._history_user = by
        report.save()
    return report


def spm_report_return(*, report: SpmReport, by, note: str) -> SpmReport:
    """Send a submitted report back to the district with a note of what to fix."""
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what the district should fix.")})
    return _review(report, by, state=UpwardState.RETURNED, note=note.strip())


def spm_report_verify(*, report: SpmReport, by, note: str = "") -> SpmReport:
    """Accept a submitted report: it is final for its quarter."""
    return _review(report, by, state=UpwardState.VERIFIED, note=(note or "").strip())


def last_quarter(today: datetime.date) -> tuple[int, int]:
    """The quarter before the one ``today`` is in."""
    quarter = (today.month - 1) // 3 + 1
    return (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)
