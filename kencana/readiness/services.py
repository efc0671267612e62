"""Every change to readiness data: templates, assignments, reports, answers, evidence, reviews.

Who may do what:
- a BPBD admin edits, publishes, shares, adopts and assigns their district's templates;
- an officer of the kecamatan fills in, saves and submits its report (BPBD staff do not
  submit on an officer's behalf: submitting is the kecamatan's own statement);
- BPBD staff and admins of the district review, return, verify and reopen.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kecamatan.models import Desa, District, Hazard, Kecamatan, School
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core import events, idempotency
from kencana.core.clock import local_today
from kencana.core.uploads import DOCX, XLSX, check_file, read_head, safe_download_name
from kencana.library import services as library_services
from kencana.library.models import VersionState

from .models import (
    Answer,
    AnswerType,
    Assignment,
    Computed,
    Evidence,
    Indicator,
    PeriodType,
    Report,
    ReportState,
    Section,
    Template,
    TemplateVersion,
    TierThreshold,
    UnitKind,
    Verdict,
)
from .periods import period_bounds
from .rollup import computed_answers_write
from .scoring import answer_points, score
from .selectors import applicable_indicators
from .spec import SPEC

# Evidence types, recognised by content (never by the name or the browser's claim).
EVIDENCE_TYPES = ("application/pdf", "image/jpeg", "image/png", DOCX, XLSX)


# --- Who may act ------------------------------------------------------------------


def _require_admin_of(district_id: int, user) -> None:
    require(permissions.may_edit_templates(user, district_id), _("Only a BPBD admin of this district may do this."))


def _require_reviewer(report: Report, user) -> None:
    require(
        permissions.may_review_reports(user, report.kecamatan.district_id),
        _("Only BPBD staff of the district review reports."),
    )


def _require_reporter(report: Report, user) -> None:
    require(
        permissions.may_fill_report(user, report),
        _("Only an officer of the kecamatan fills in and submits its report."),
    )


def _lock_report(report: Report) -> Report:
    return Report.objects.select_for_update().select_related("kecamatan__district", "version").get(pk=report.pk)


def _require_editable(version: TemplateVersion) -> None:
    if not version.is_editable:
        raise ValidationError(_("A published version cannot change: start a new draft to edit it."))


# --- Templates --------------------------------------------------------------------


def template_create(*, district: District, name: str, by, description: str = "") -> Template:
    """A new template with an empty draft version 1."""
    _require_admin_of(district.pk, by)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the template a name.")})
    with transaction.atomic():
        template = Template.objects.create(district=district, name=name, description=description, created_by=by)
        TemplateVersion.objects.create(template=template, number=1, created_by=by)
        events.templates_changed.announce(district_id=district.pk)
    return template


def template_update(*, template: Template, by, name: str, description: str, shared_with_partners: bool) -> Template:
    _require_admin_of(template.district_id, by)
    if not name.strip():
        raise ValidationError({"name": _("Give the template a name.")})
    template.name = name.strip()
    template.description = description
    template.shared_with_partners = shared_with_partners
    template.save(update_fields=["name", "description", "shared_with_partners"])
    events.templates_changed.announce(district_id=template.district_id)
    return template


def version_edit(*, template: Template, by) -> TemplateVersion:
    """The draft to edit: the current one, or a new draft copied from the latest version."""
    return library_services.version_new_draft(spec=SPEC, template=template, by=by)


def version_discard(*, version: TemplateVersion, by) -> None:
    """Delete a draft that nobody reports against."""
    _require_admin_of(version.template.district_id, by)
    with transaction.atomic():
        version = TemplateVersion.objects.select_for_update().get(pk=version.pk)
        _require_editable(version)
        if version.template.versions.count() == 1:
            raise ValidationError(_("The only version of a template cannot be discarded; delete the template instead."))
        version.delete()
        events.templates_changed.announce(district_id=version.template.district_id)


def validate_version(version: TemplateVersion) -> None:
    """What a version needs before publishing: indicators, thresholds from 0, complete choices."""
    problems = []
    if not version.indicators.exists():
        problems.append(_("Add at least one indicator."))
    bounds = list(version.thresholds.values_list("lower_bound", flat=True))
    if not bounds:
        problems.append(_("Add the tier thresholds."))
    elif min(bounds) != 0:
        problems.append(_("The lowest tier must start at 0 so every score has a tier."))
    for indicator in version.indicators.all():
        if indicator.answer_type in (AnswerType.SCALE, AnswerType.CHOICE) and len(indicator.choices) < 2:
            problems.append(_("Indicator %(code)s needs at least two choices.") % {"code": indicator.code})
        if indicator.answer_type == AnswerType.NUMBER and not indicator.target:
            problems.append(_("Indicator %(code)s needs a target.") % {"code": indicator.code})
    if problems:
        raise ValidationError(problems)


def version_publish(*, version: TemplateVersion, by) -> TemplateVersion:
    with transaction.atomic():
        return library_services.version_publish(spec=SPEC, version=version, by=by, validate=validate_version)


def version_retire(*, version: TemplateVersion, by) -> TemplateVersion:
    _require_admin_of(version.template.district_id, by)
    if version.assignments.filter(active=True).exists():
        raise ValidationError(_("This version is still assigned to kecamatan: assign another version first."))
    return library_services.version_retire(spec=SPEC, version=version, by=by)


def template_adopt(*, source: TemplateVersion, by, name: str = "") -> Template:
    return library_services.template_adopt(spec=SPEC, source=source, by=by, name=name)


def template_pull_source(*, template: Template, by) -> TemplateVersion:
    return library_services.template_pull_source(spec=SPEC, template=template, by=by)


def thresholds_set(*, version: TemplateVersion, by, thresholds: list[tuple[str, Decimal]]) -> None:
    """Replace the version's tiers. Names unique, bounds unique on 0–100, the lowest at 0."""
    _require_admin_of(version.template.district_id, by)
    _require_editable(version)
    cleaned = [(name.strip(), Decimal(bound)) for name, bound in thresholds if name.strip()]
    errors = []
    if not cleaned:
        errors.append(_("Give at least one tier."))
    if len({name.lower() for name, _b in cleaned}) != len(cleaned):
        errors.append(_("Tier names must differ."))
    if len({bound for _n, bound in cleaned}) != len(cleaned):
        errors.append(_("Two tiers cannot start at the same score."))
    if any(not 0 <= bound <= 100 for _n, bound in cleaned):
        errors.append(_("Scores run from 0 to 100."))
    if cleaned and min(bound for _n, bound in cleaned) != 0:
        errors.append(_("The lowest tier must start at 0 so every score has a tier."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        version.thresholds.all().delete()
        TierThreshold.objects.bulk_create(
            TierThreshold(version=version, name=name, lower_bound=bound) for name, bound in cleaned
        )
        events.templates_changed.announce(district_id=version.template.district_id)


def section_save(
    *, version: TemplateVersion, by, title: str, title_en: str = "", section: Section | None = None
) -> Section:
    _require_admin_of(version.template.district_id, by)
    _require_editable(version)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the section a title.")})
    clash = version.sections.filter(title=title).exclude(pk=getattr(section, "pk", None))
    if clash.exists():
        raise ValidationError({"title": _("This version already has a section with that title.")})
    if section is None:
        position = (version.sections.aggregate(n=Max("position"))["n"] or 0) + 1
        section = Section(version=version, position=position)
    section.title, section.title_en = title, title_en.strip()
    section.save()
    return section


def _move(rows: list, row, direction: str) -> None:
    """Swap ``row`` with its neighbour in ``rows`` (already in order), renumbering 1..n."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Move up or down."))
    index = [r.pk for r in rows].index(row.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    for position, item in enumerate(rows, start=1):
        if item.position != position:
            type(item).objects.filter(pk=item.pk).update(position=position)


def section_move(*, section: Section, by, direction: str) -> None:
    """Move a section one place up or down in its draft version (the first stays first)."""
    _require_admin_of(section.version.template.district_id, by)
    with transaction.atomic():
        version = TemplateVersion.objects.select_for_update().get(pk=section.version_id)
        _require_editable(version)
        _move(list(version.sections.order_by("position", "pk")), section, direction)


def indicator_move(*, indicator: Indicator, by, direction: str) -> None:
    """Move an indicator one place up or down within its section."""
    _require_admin_of(indicator.version.template.district_id, by)
    with transaction.atomic():
        version = TemplateVersion.objects.select_for_update().get(pk=indicator.version_id)
        _require_editable(version)
        _move(list(indicator.section.indicators.order_by("position", "pk")), indicator, direction)


def section_delete(*, section: Section, by) -> None:
    _require_admin_of(section.version.template.district_id, by)
    _require_editable(section.version)
    section.delete()


@dataclass
class IndicatorInput:
    code: str
    text_id: str
    answer_type: str
    text_en: str = ""
    choices: list | None = None
    target: Decimal | None = None
    unit: str = ""
    weight: Decimal = Decimal(1)
    evidence_required: bool = False
    hazards: list[Hazard] | None = None
    guidance: str = ""
    computed: str = ""


def clean_indicator(data: IndicatorInput) -> dict[str, str]:
    """Field errors of one indicator, by field name (empty when it is fine)."""
    errors = {}
    if not data.code.strip():
        errors["code"] = _("Give a code.")
    if not data.text_id.strip():
        errors["text_id"] = _("Write the question in Indonesian.")
    if data.answer_type not in AnswerType.values:
        errors["answer_type"] = _("Use one of: %(types)s.") % {"types": ", ".join(AnswerType.values)}
    elif data.answer_type in (AnswerType.SCALE, AnswerType.CHOICE):
        labels = [c["label"] for c in data.choices or []]
        if len(labels) < 2:
            errors["choices"] = _("Give at least two choices as label=points|label=points.")
        elif len(set(labels)) != len(labels):
            errors["choices"] = _("Choice labels must differ.")
        elif any(Decimal(str(c["points"])) < 0 for c in data.choices):
            errors["choices"] = _("Points cannot be negative.")
        elif max(Decimal(str(c["points"])) for c in data.choices) <= 0:
            errors["choices"] = _("At least one choice must earn points.")
    elif data.answer_type == AnswerType.NUMBER and (data.target is None or data.target <= 0):
        errors["target"] = _("A number answer needs a target above 0.")
    if data.weight is None or data.weight < 0:
        errors["weight"] = _("The weight cannot be negative.")
    if data.computed and data.computed not in Computed.values:
        errors["computed"] = _("Use one of: %(types)s.") % {"types": ", ".join(Computed.values)}
    elif data.computed and data.answer_type != AnswerType.NUMBER:
        errors["computed"] = _("A computed indicator is a number with a target.")
    return errors


def indicator_save(*, section: Section, by, data: IndicatorInput, indicator: Indicator | None = None) -> Indicator:
    version = section.version
    _require_admin_of(version.template.district_id, by)
    _require_editable(version)
    errors = clean_indicator(data)
    if data.computed and version.template.unit_kind != UnitKind.KECAMATAN:
        errors["computed"] = _("Only a kecamatan template computes answers from the units beneath.")
    code = data.code.strip()
    if code and version.indicators.filter(code=code).exclude(pk=getattr(indicator, "pk", None)).exists():
        errors["code"] = _("Another indicator of this version has the code %(code)s.") % {"code": code}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if indicator is None:
            position = (section.indicators.aggregate(n=Max("position"))["n"] or 0) + 1
            indicator = Indicator(version=version, position=position)
        indicator.section = section
        indicator.code = code
        indicator.text_id = data.text_id.strip()
        indicator.text_en = data.text_en.strip()
        indicator.answer_type = data.answer_type
        uses_choices = data.answer_type in (AnswerType.SCALE, AnswerType.CHOICE)
        indicator.choices = list(data.choices or []) if uses_choices else []
        indicator.target = data.target if data.answer_type == AnswerType.NUMBER else None
        indicator.unit = data.unit.strip()
        indicator.weight = data.weight
        indicator.evidence_required = data.evidence_required
        indicator.guidance = data.guidance.strip()
        indicator.computed = data.computed
        indicator.save()
        indicator.hazards.set(data.hazards or [])
    return indicator


def indicator_delete(*, indicator: Indicator, by) -> None:
    _require_admin_of(indicator.version.template.district_id, by)
    _require_editable(indicator.version)
    indicator.delete()


# --- Assignments ------------------------------------------------------------------


def assignment_save(
    *,
    version: TemplateVersion,
    by,
    kecamatan: list[Kecamatan],
    period_type: str,
    starts_on: datetime.date,
    due_days: int,
    close_days: int,
    assignment: Assignment | None = None,
) -> Assignment:
    """Assign a published version to kecamatan of the same district (or change an assignment).

    Switching an assignment to a newer version affects reports started from then on;
    reports already started keep the version (and thresholds) they were started with.
    """
    district_id = version.template.district_id
    _require_admin_of(district_id, by)
    errors = {}
    if version.state != VersionState.PUBLISHED:
        errors["version"] = _("Only a published version can be assigned.")
    elif version.template.unit_kind == UnitKind.DISTRICT:
        errors["version"] = _(
            "A template that assesses the district is not assigned to kecamatan: open its assessment under Upward reports."
        )
    if not kecamatan:
        errors["kecamatan"] = _("Choose at least one kecamatan.")
    elif any(k.district_id != district_id for k in kecamatan):
        errors["kecamatan"] = _("Only kecamatan of the template's district can be assigned.")
    if period_type not in PeriodType.values:
        errors["period_type"] = _("Choose quarter, semester or year.")
    if close_days < due_days:
        errors["close_days"] = _("A report cannot close before it is due.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if assignment is None:
            assignment = Assignment(district_id=district_id, created_by=by)
        assignment.version = version
        assignment.period_type = period_type
        assignment.starts_on = starts_on
        assignment.due_days = due_days
        assignment.close_days = close_days
        assignment.save()
        assignment.kecamatan.set(kecamatan)
        events.templates_changed.announce(district_id=district_id)
    return assignment


# --- Reports ----------------------------------------------------------------------


def _check_unit(assignment: Assignment, kecamatan: Kecamatan, desa: Desa | None, school: School | None) -> None:
    """The unit must be of the kind the template assesses, and lie in the kecamatan."""
    kind = assignment.version.template.unit_kind
    if kind == UnitKind.DESA:
        if desa is None or school is not None or desa.kecamatan_id != kecamatan.pk:
            raise ValidationError(_("This template assesses a desa of the kecamatan: name one."))
    elif kind == UnitKind.SCHOOL:
        if school is None or desa is not None or school.desa.kecamatan_id != kecamatan.pk:
            raise ValidationError(_("This template assesses a school of the kecamatan: name one."))
        if not school.active:
            raise ValidationError(_("This school is inactive: it is no longer assessed."))
    elif kind == UnitKind.KECAMATAN:
        if desa is not None or school is not None:
            raise ValidationError(_("This template assesses the kecamatan itself."))
    else:
        raise ValidationError(_("A district's assessment (IKD) is filed under Upward reports, not here."))


def report_open(
    *,
    assignment: Assignment,
    kecamatan: Kecamatan,
    period_start: datetime.date,
    by,
    desa: Desa | None = None,
    school: School | None = None,
) -> Report:
    """The report for one unit (the kecamatan, or one of its desa or schools) and period, created as a
    draft the first time it is opened."""
    if not assignment.kecamatan.filter(pk=kecamatan.pk).exists():
        raise ValidationError(_("This kecamatan is not assigned this template."))
    _check_unit(assignment, kecamatan, desa, school)
    # Checked first: a period far ahead (9999-10-01) would end past the last date there is.
    if period_start > local_today(assignment.district.timezone):
        raise ValidationError(_("This period has not started yet."))
    start, end = period_bounds(assignment.period_type, period_start)
    if start != period_start:
        raise ValidationError(_("That date does not start a reporting period."))
    unit = {"kecamatan": kecamatan, "desa": desa, "school": school}
    existing = Report.objects.filter(assignment=assignment, period_start=start, **unit).first()
    if existing is not None:
        return existing
    _require_reporter(Report(**unit), by)
    with transaction.atomic():
        report, created = Report.objects.get_or_create(
            assignment=assignment,
            period_start=start,
            **unit,
            defaults={
                "version": assignment.version,
                "period_type": assignment.period_type,
                "period_end": end,
                "due_on": end + datetime.timedelta(days=assignment.due_days),
                "closes_on": end + datetime.timedelta(days=assignment.close_days),
            },
        )
        if created and computed_answers_write(report=report):
            apply_scores(report)
            report.save()
        events.report_changed.announce(district_id=kecamatan.district_id, report=report)
    return report


def _require_open_for_officer(report: Report) -> None:
    if not report.is_open:
        raise ValidationError(
            _("This report is %(state)s and cannot be changed.") % {"state": report.get_state_display()}
        )
    # A returned report stays open: BPBD asked for the fix, whatever the date.
    today = local_today(report.kecamatan.district.timezone)
    if report.state == ReportState.DRAFT and today > report.closes_on:
        raise ValidationError(
            _("This period closed on %(date)s; ask BPBD to reopen it.")
            % {"date": date_format(report.closes_on, "DATE_FORMAT")}
        )


@dataclass
class AnswerInput:
    indicator: Indicator
    value: str = ""
    comment: str = ""


def parse_value(indicator: Indicator, value: str) -> dict:
    """The stored fields for a typed value, or a ValidationError naming the indicator."""
    value = (value or "").strip()
    fields = {"yes": None, "number": None, "choice": ""}
    if not value:
        return fields
    kind = indicator.answer_type
    if kind == AnswerType.YES_NO:
        lowered = value.lower()
        if lowered in ("yes", "ya", "true", "1"):
            fields["yes"] = True
        elif lowered in ("no", "tidak", "false", "0"):
            fields["yes"] = False
        else:
            raise ValidationError(_("%(code)s: answer yes or no.") % {"code": indicator.code})
    elif kind == AnswerType.NUMBER:
        try:
            number = Decimal(value.replace(",", "."))
        except InvalidOperation:
            raise ValidationError(_("%(code)s: enter a number.") % {"code": indicator.code}) from None
        if not number.is_finite() or number < 0 or number >= Decimal("1e10"):
            raise ValidationError(_("%(code)s: enter a number from 0.") % {"code": indicator.code})
        fields["number"] = number.quantize(Decimal("0.01"))
    else:
        if indicator.points_of(value) is None:
            raise ValidationError(_("%(code)s: choose one of the listed answers.") % {"code": indicator.code})
        fields["choice"] = value
    return fields


def answers_save(*, report: Report, by, entries: list[AnswerInput]) -> list[Answer]:
    """Save the officer's answers (a draft save: partial answers are fine). All or nothing."""
    with transaction.atomic():
        report = _lock_report(report)
        _require_reporter(report, by)
        _require_open_for_officer(report)
        saved = _save_answers(report, by, entries)
        _report_saved(report, by)
    return saved


@dataclass
class EvidenceUpload:
    indicator: Indicator
    upload: UploadedFile


def report_save(
    *,
    report: Report,
    by,
    entries: list[AnswerInput],
    remove: Iterable[int] = (),
    uploads: Iterable[EvidenceUpload] = (),
) -> Report:
    """One save of the report form: answers, evidence removed and evidence added, all or nothing.

    Every upload is checked by content first and its file written before the transaction
    (slow I/O stays outside the lock); a refused answer or file keeps no answer, removes no
    evidence and leaves no file behind.
    """
    report, _refused = _save_form(report, by, entries, remove, uploads)
    return report


FILE_ACTION = "readiness.report_file"


def report_file(
    *,
    report: Report,
    by,
    key: str,
    entries: list[AnswerInput],
    uploads: Iterable[EvidenceUpload] = (),
    remove: Iterable[int] = (),
    submit: bool = False,
    base: datetime.datetime | None = None,
) -> dict:
    """The report form filed from the outbox of an officer's phone, or sent online by its page with
    the key the outbox would use (docs/offline.md): answers and evidence saved (and the evidence in
    ``remove`` removed) and, if asked, the report submitted, in one transaction and once per
    idempotency ``key``; a retry of a filing already applied gets the first one's outcome.

    A refused save changes nothing (``ValidationError``, as ``report_save``). A refused submission
    keeps the save, as the form does, and its outcome names what is still missing.

    ``base`` is when the report was last changed as the officer's phone saw it. If BPBD returned,
    verified or reopened it after that, the filing is refused on ``base`` (a conflict): the phone
    shows both versions and the officer chooses, then files the choice without a base.
    """
    done = idempotency.outcome(user=by, key=key)
    if done is not None:
        return done
    try:
        report, refused = _save_form(report, by, entries, remove, uploads, submit=submit, key=key, base=base)
    except idempotency.AlreadyApplied as applied:
        return applied.outcome
    return _filing(report, refused)


def _reviewed_since(report: Report, moment: datetime.datetime) -> bool:
    reviews = [report.returned_at, report.verified_at, report.reopened_at]
    return any(at is not None and at > moment for at in reviews)


def _filing(report: Report, refused: list[str]) -> dict:
    return {
        "report": report.pk,
        "state": report.state,
        "submitted": report.state == ReportState.SUBMITTED,
        "problems": refused,
    }


def _save_form(
    report: Report,
    by,
    entries: list[AnswerInput],
    remove: Iterable[int],
    uploads: Iterable[EvidenceUpload],
    *,
    submit: bool = False,
    key: str = "",
    base: datetime.datetime | None = None,
) -> tuple[Report, list[str]]:
    """Save the form (and submit it if asked), recording ``key`` in the same transaction; the
    problems that stopped the submission asked for come back with the report."""
    problems, checked = [], []
    for item in uploads:
        try:
            checked.append((item.indicator, item.upload, _evidence_kind(report, item.indicator, item.upload)))
        except ValidationError as error:
            problems.extend(error.messages)
    _require_reporter(report, by)
    stored = [] if problems else [_evidence_file(upload, kind, by) for _indicator, upload, kind in checked]
    refused: list[str] = []
    try:
        with transaction.atomic():
            report = _lock_report(report)
            if key and (done := idempotency.outcome(user=by, key=key)) is not None:
                raise idempotency.AlreadyApplied(done)  # its twin held the lock and filed it
            _require_reporter(report, by)
            if base is not None and _reviewed_since(report, base):
                raise ValidationError(
                    {
                        "base": _(
                            "BPBD returned, verified or reopened this report while you were offline: "
                            "compare your answers with theirs and choose."
                        )
                    }
                )
            _require_open_for_officer(report)
            _save_answers(report, by, entries, problems)
            for evidence in Evidence.objects.filter(answer__report=report, pk__in=list(remove)):
                _evidence_delete(evidence)
            for (indicator, _upload, _kind), evidence in zip(checked, stored, strict=True):
                evidence.answer, _created = Answer.objects.get_or_create(report=report, indicator=indicator)
                evidence.save()
            _report_saved(report, by)
            if submit:
                refused = missing_for_submit(report)
                if not refused:
                    _mark_submitted(report, by)
            if key:
                idempotency.record(user=by, key=key, action=FILE_ACTION, result=_filing(report, refused))
    except Exception:
        for evidence in stored:
            evidence.file.delete(save=False)
        raise
    return report, refused


def _save_answers(report: Report, by, entries: list[AnswerInput], problems: list[str] = ()) -> list[Answer]:
    """Parse and store answers of a locked, open report; any problem (these and ``problems``) refuses all."""
    applicable = {i.pk for i in applicable_indicators(version=report.version, kecamatan=report.kecamatan)}
    errors, parsed = [], []
    for entry in entries:
        if entry.indicator.pk not in applicable:
            errors.append(_("%(code)s is not asked of this kecamatan.") % {"code": entry.indicator.code})
            continue
        if entry.indicator.computed:
            errors.append(
                _("%(code)s is computed from the desa and schools of the kecamatan and cannot be answered.")
                % {"code": entry.indicator.code}
            )
            continue
        try:
            parsed.append((entry, parse_value(entry.indicator, entry.value)))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors or problems:
        raise ValidationError([*errors, *problems])
    saved = []
    for entry, fields in parsed:
        answer = Answer.objects.filter(report=report, indicator=entry.indicator).first()
        blank = fields["yes"] is None and fields["number"] is None and not fields["choice"]
        if answer is None and blank and not entry.comment.strip():
            continue  # a question left unanswered stays without an answer
        _created = answer is None
        answer = answer or Answer(report=report, indicator=entry.indicator)
        points = answer_points(entry.indicator, **fields)
        changed = (answer.yes, answer.number, answer.choice, answer.comment) != (
            fields["yes"],
            fields["number"],
            fields["choice"],
            entry.comment.strip(),
        )
        if changed or _created:
            for name, value in fields.items():
                setattr(answer, name, value)
            answer.points = points
            answer.comment = entry.comment.strip()
            # A changed answer comes back for review; its earlier verdict and note stay visible
            # (reviewed_at) until the reviewer judges it again. Unchanged answers keep theirs.
            answer.verdict = ""
            answer.updated_by = by
            answer._history_user = by
            answer.save()
        saved.append(answer)
    return saved


def _report_saved(report: Report, by) -> None:
    apply_scores(report)
    report._history_user = by
    report.save()
    events.report_changed.announce(district_id=report.kecamatan.district_id, report=report)


def apply_scores(report: Report) -> None:
    """Set the report's overall and section scores and its tier (the caller saves)."""
    indicators = applicable_indicators(version=report.version, kecamatan=report.kecamatan)
    total, sections = score(indicators, report.answers.all())
    report.score = total
    report.tier = report.version.tier_for(total)
    report.section_scores = [s.as_json() for s in sections]


@dataclass(frozen=True)
class Missing:
    """One thing that stops submission: an indicator left unanswered ("answer") or without the
    evidence it requires ("evidence")."""

    indicator: Indicator
    need: str


def missing_items(
    report: Report, *, indicators: list[Indicator] | None = None, answers: dict[int, Answer] | None = None
) -> list[Missing]:
    """What still stops submission, in the form's order.

    A page that has already read the applicable indicators and the answers (with their
    evidence) passes them in; submission reads them afresh under its lock.
    """
    if answers is None:
        answers = {a.indicator_id: a for a in report.answers.prefetch_related("evidence")}
    if indicators is None:
        indicators = applicable_indicators(version=report.version, kecamatan=report.kecamatan)
    found = []
    for indicator in indicators:
        answer = answers.get(indicator.pk)
        if indicator.computed:
            continue  # the kecamatan cannot answer it: it waits for the units' figures, never blocks
        if answer is None or not answer.is_answered:
            found.append(Missing(indicator, "answer"))
        elif indicator.evidence_required and not answer.evidence.all():
            found.append(Missing(indicator, "evidence"))
    return found


def missing_for_submit(
    report: Report, *, indicators: list[Indicator] | None = None, answers: dict[int, Answer] | None = None
) -> list[str]:
    """``missing_items`` as messages: unanswered indicators and missing required evidence."""
    problems = []
    for item in missing_items(report, indicators=indicators, answers=answers):
        if item.need == "answer":
            problems.append(_("%(code)s is not answered.") % {"code": item.indicator.code})
        else:
            problems.append(_("%(code)s needs an evidence file.") % {"code": item.indicator.code})
    return problems


def report_submit(*, report: Report, by) -> Report:
    with transaction.atomic():
        report = _lock_report(report)
        _require_reporter(report, by)
        _require_open_for_officer(report)
        problems = missing_for_submit(report)
        if problems:
            raise ValidationError(problems)
        _mark_submitted(report, by)
    return report


def _mark_submitted(report: Report, by) -> None:
    """Submit a locked, open, complete report."""
    now = timezone.now()
    report.state = ReportState.SUBMITTED
    report.submitted_at = now
    report.submitted_by = by
    report.first_submitted_at = report.first_submitted_at or now
    apply_scores(report)
    report._history_user = by
    report._change_reason = _("Submitted")
    report.save()
    events.report_submitted.announce(district_id=report.kecamatan.district_id, report=report, by=by)


def answer_review(*, answer: Answer, by, verdict: str, note: str = "") -> Answer:
    """One verdict on one answer (see ``report_review`` for several at once)."""
    report_review(report=answer.report, by=by, verdicts=[ReviewInput(answer.indicator.code, verdict, note)])
    answer.refresh_from_db()
    return answer


@dataclass
class ReviewInput:
    indicator: str  # the indicator's code
    verdict: str
    note: str = ""


class Decision:
    SAVE, VERIFY, RETURN = "", "verify", "return"


def report_review(*, report: Report, by, verdicts: list[ReviewInput], decision: str = "", note: str = "") -> Report:
    """Verdicts on several answers, then optionally verify or return: one transaction.

    Every verdict is checked before any is saved; a refused verdict, or a refused
    verification or return, leaves the report exactly as it was.
    """
    with transaction.atomic():
        report = _lock_report(report)
        _require_reviewer(report, by)
        if report.state != ReportState.SUBMITTED:
            raise ValidationError(_("Only a submitted report is reviewed."))
        answers = {a.indicator.code: a for a in report.answers.select_for_update().select_related("indicator")}
        errors = []
        for item in verdicts:
            answer = answers.get(item.indicator)
            if answer is None:
                errors.append(_("%(code)s: there is no answer to review.") % {"code": item.indicator})
            elif item.verdict not in Verdict.values:
                errors.append(_("%(code)s: choose accepted or needs revision.") % {"code": item.indicator})
            elif item.verdict == Verdict.NEEDS_REVISION and not item.note.strip():
                errors.append(_("%(code)s: say what needs revising.") % {"code": item.indicator})
        if decision not in (Decision.SAVE, Decision.VERIFY, Decision.RETURN):
            errors.append(_("Choose to verify or to return the report."))
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        for item in verdicts:
            answer = answers[item.indicator]
            answer.verdict = item.verdict
            answer.review_note = item.note.strip()
            answer.reviewed_by = by
            answer.reviewed_at = now
            answer._history_user = by
            answer.save()
        if decision == Decision.VERIFY:
            report = report_verify(report=report, by=by)
        elif decision == Decision.RETURN:
            report = report_return(report=report, by=by, note=note)
    return report


def report_return(*, report: Report, by, note: str) -> Report:
    """Send a submitted report back to the officer with notes; the officer is notified."""
    with transaction.atomic():
        report = _lock_report(report)
        _require_reviewer(report, by)
        if report.state != ReportState.SUBMITTED:
            raise ValidationError(_("Only a submitted report can be returned."))
        flagged = report.answers.filter(verdict=Verdict.NEEDS_REVISION).exists()
        if not note.strip() and not flagged:
            raise ValidationError({"note": _("Say what the officer should fix.")})
        report.state = ReportState.RETURNED
        report.returned_at = timezone.now()
        report.return_note = note.strip()
        report._history_user = by
        report._change_reason = note.strip() or _("Returned")
        report.save()
        events.report_returned.announce(
            district_id=report.kecamatan.district_id, report=report, by=by, note=report.return_note
        )
    return report


def report_verify(*, report: Report, by) -> Report:
    """Verify a submitted report: unreviewed answers count as accepted; the report locks."""
    with transaction.atomic():
        report = _lock_report(report)
        _require_reviewer(report, by)
        if report.state != ReportState.SUBMITTED:
            raise ValidationError(_("Only a submitted report can be verified."))
        flagged = sorted(
            report.answers.filter(verdict=Verdict.NEEDS_REVISION).values_list("indicator__code", flat=True)
        )
        if flagged:
            raise ValidationError(
                _(
                    "Still marked as needing revision, and not changed by the officer: %(codes)s. "
                    "Accept them, or return the report."
                )
                % {"codes": ", ".join(flagged)}
            )
        now = timezone.now()
        for answer in report.answers.filter(verdict=""):  # saved one by one so each keeps its history
            answer.verdict, answer.reviewed_by, answer.reviewed_at = Verdict.ACCEPTED, by, now
            answer._history_user = by
            answer.save(update_fields=["verdict", "reviewed_by", "reviewed_at"])
        report.state = ReportState.VERIFIED
        report.verified_at = now
        report.verified_by = by
        apply_scores(report)
        report._history_user = by
        report._change_reason = _("Verified")
        report.save()
        events.report_verified.announce(district_id=report.kecamatan.district_id, report=report, by=by)
    return report


def report_reopen(*, report: Report, by, reason: str) -> Report:
    """Unlock a verified report for correction; the reason and every later change stay in its history."""
    with transaction.atomic():
        report = _lock_report(report)
        _require_reviewer(report, by)
        if report.state != ReportState.VERIFIED:
            raise ValidationError(_("Only a verified report can be reopened."))
        if not reason.strip():
            raise ValidationError({"reason": _("Give the reason for reopening.")})
        report.state = ReportState.RETURNED
        report.reopened_at = timezone.now()
        report.reopen_reason = reason.strip()
        report.return_note = reason.strip()
        report.verified_at = None
        report.verified_by = None
        report._history_user = by
        report._change_reason = _("Reopened: %(reason)s") % {"reason": reason.strip()}
        report.save()
        events.report_changed.announce(district_id=report.kecamatan.district_id, report=report)
    return report


# --- Evidence ---------------------------------------------------------------------


def _evidence_kind(report: Report, indicator: Indicator, upload: UploadedFile):
    """The upload's type, recognised by content, or a ValidationError naming the file."""
    kind = check_file(name=upload.name, size=upload.size, head=read_head(upload), accepted=EVIDENCE_TYPES)
    if indicator.version_id != report.version_id:
        raise ValidationError(_("This indicator is not part of the report."))
    return kind


def _evidence_file(upload: UploadedFile, kind, by) -> Evidence:
    """An unsaved Evidence whose file is already written (the caller deletes it if the row is not stored)."""
    evidence = Evidence(
        original_name=safe_download_name((upload.name or "evidence").rsplit("/", 1)[-1], kind.extension)[:200],
        content_type=kind.mime,
        size=upload.size,
        uploaded_by=by,
    )
    evidence.file.save(f"evidence.{kind.extension}", upload, save=False)
    return evidence


def _evidence_delete(evidence: Evidence) -> None:
    """Delete the row; the file goes once the deletion is committed."""
    name, storage = evidence.file.name, evidence.file.storage
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))


def evidence_add(*, report: Report, indicator: Indicator, by, upload: UploadedFile) -> Evidence:
    """Attach a file to an answer after checking its size and its type by content."""
    kind = _evidence_kind(report, indicator, upload)
    _require_reporter(report, by)
    # The file is written before the transaction (slow I/O stays outside locks) and
    # removed again if the row cannot be stored.
    evidence = _evidence_file(upload, kind, by)
    try:
        with transaction.atomic():
            report = _lock_report(report)
            _require_open_for_officer(report)
            evidence.answer, _created = Answer.objects.get_or_create(report=report, indicator=indicator)
            evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence


def evidence_remove(*, evidence: Evidence, by) -> None:
    with transaction.atomic():
        report = _lock_report(evidence.answer.report)
        _require_reporter(report, by)
        _require_open_for_officer(report)
        _evidence_delete(evidence)
