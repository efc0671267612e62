"""Impact reports per desa (the officer files, BPBD returns or verifies) and casualties by name.

A report follows the readiness reports' flow and words: draft → submitted → returned →
verified. A verified report is never changed: new figures for the desa are a new version that
supersedes it, so every version stays. The submitter hears of a return in their inbox.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kecamatan.models import Desa
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.alerts.models import Channel, Severity
from kencana.alerts.notifications.outbox import notify_users
from kencana.core import counts

from ..models import (
    COUNT_FIELDS,
    STATUS_FIELDS,
    Casualty,
    Event,
    ImpactReport,
    ReportState,
    ServiceStatus,
)
from ..moments import shown
from .common import announce_impact, check_moment, lock_event, require_open

MAX_COUNT = 10_000_000
MAX_ROADS_KM = Decimal(100_000)
# Households cannot outnumber the people they hold.
HOUSEHOLDS_OF = {
    "displaced_shelter_households": "displaced_shelter_people",
    "displaced_host_households": "displaced_host_people",
}


def clean_figures(values: dict) -> dict:
    """The counts, roads, statuses and needs of a report, or a ValidationError per field."""
    cleaned, errors = counts.clean_counts(values, COUNT_FIELDS, maximum=MAX_COUNT)
    raw = values.get("roads_km", 0)
    try:
        roads = Decimal(str(0 if raw in (None, "") else raw).replace(",", "."))
    except InvalidOperation:
        roads = None
    if roads is None or not roads.is_finite():
        errors["roads_km"] = _("Enter the length in km, e.g. 1.5.")
    elif roads < 0:
        errors["roads_km"] = _("A length cannot be negative.")
    elif roads > MAX_ROADS_KM or roads != roads.quantize(Decimal("0.01")):
        errors["roads_km"] = _("Give the length in km with at most two decimals.")
    else:
        cleaned["roads_km"] = roads
    for households, people in HOUSEHOLDS_OF.items():
        if households in cleaned and people in cleaned and cleaned[households] > cleaned[people]:
            errors[households] = _("There cannot be more households than people.")
    for name in STATUS_FIELDS:
        value = values.get(name) or ""
        if value not in ServiceStatus.values:
            errors[name] = _("Choose normal, disrupted, cut off or unknown.")
        cleaned[name] = value
    needs = (values.get("urgent_needs") or "").strip()
    if len(needs) > 500:
        errors["urgent_needs"] = _("Keep the urgent needs under 500 characters.")
    cleaned["urgent_needs"] = needs
    if errors:
        raise ValidationError(errors)
    return cleaned


def _lock(report: ImpactReport) -> ImpactReport:
    return (
        ImpactReport.objects.select_for_update(of=("self",))  # the submitter may be gone: an outer join
        .select_related("event__district", "desa", "kecamatan", "submitted_by")
        .get(pk=report.pk)
    )


def _submit(report: ImpactReport, by) -> None:
    report.state = ReportState.SUBMITTED
    report.submitted_at, report.submitted_by = timezone.now(), by
    report._change_reason = _("Submitted")


@transaction.atomic
def impact_report_save(
    *,
    by,
    values: dict,
    as_of: datetime.datetime,
    event: Event | None = None,
    desa: Desa | None = None,
    report: ImpactReport | None = None,
    submit: bool = False,
) -> ImpactReport:
    """Start a new version for a desa (``event`` and ``desa``) or change a draft or returned one
    (``report``); with ``submit``, send it to BPBD in the same step. All or nothing."""
    if report is not None:
        report = _lock(report)
        event, desa = report.event, report.desa
    require(
        permissions.may_file_impact(by, desa.kecamatan_id if desa else None),
        _("Only an officer of the kecamatan files its desa's impact reports."),
    )
    event = lock_event(event)
    require_open(event, _("Event %(number)s is closed: it takes no more impact reports.") % {"number": event.number})
    if report is None and not event.desa.filter(pk=desa.pk).exists():
        raise ValidationError(
            {
                "desa": _("Desa %(name)s is not affected by event %(number)s.")
                % {"name": desa.name, "number": event.number}
            }
        )
    if report is not None and not report.is_open:
        raise ValidationError(
            _("This report is %(state)s and cannot be changed.") % {"state": report.get_state_display().lower()}
        )
    figures = clean_figures(values)
    as_of = check_moment(as_of, field="as_of", event=event, label=_("The moment of the figures"))
    versions = ImpactReport.objects.filter(event=event, desa=desa).exclude(pk=getattr(report, "pk", None))
    latest = versions.order_by("-version").first()
    if report is None and latest is not None and latest.state != ReportState.VERIFIED:
        raise ValidationError(
            _("Desa %(name)s already has a report being worked on (version %(version)s): continue that one.")
            % {"name": desa.name, "version": latest.version}
        )
    if latest is not None and as_of < latest.as_of:
        raise ValidationError(
            {
                "as_of": _("Version %(version)s already gives the figures as of %(when)s: new figures are later.")
                % {"version": latest.version, "when": shown(latest.as_of, event.district.timezone)}
            }
        )
    if report is None:
        report = ImpactReport(
            event=event,
            desa=desa,
            kecamatan_id=desa.kecamatan_id,
            version=(versions.aggregate(n=Max("version"))["n"] or 0) + 1,
            supersedes=latest,
            created_by=by,
        )
    for name, value in figures.items():
        setattr(report, name, value)
    report.as_of = as_of
    if submit:
        _submit(report, by)
    report._history_user = by
    report.save()
    announce_impact(event)
    return report


@transaction.atomic
def impact_report_submit(*, report: ImpactReport, by) -> ImpactReport:
    report = _lock(report)
    require(
        permissions.may_file_impact(by, report.kecamatan_id),
        _("Only an officer of the kecamatan files its desa's impact reports."),
    )
    require_open(
        report.event,
        _("Event %(number)s is closed: it takes no more impact reports.") % {"number": report.event.number},
    )
    if not report.is_open:
        raise ValidationError(_("Only a draft or returned report can be submitted."))
    _submit(report, by)
    report._history_user = by
    report.save()
    announce_impact(report.event)
    return report


def _require_reviewer(report: ImpactReport, by) -> None:
    require(
        permissions.may_review_impact(by, report.event.district_id),
        _("Only BPBD staff of the district review reports."),
    )


@transaction.atomic
def impact_report_return(*, report: ImpactReport, by, note: str) -> ImpactReport:
    """Send a submitted report back with a note; its submitter is told at once."""
    report = _lock(report)
    _require_reviewer(report, by)
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what the officer should fix.")})
    report.state = ReportState.RETURNED
    report.returned_at, report.return_note = timezone.now(), note
    report._history_user = by
    report._change_reason = note[:100]
    report.save()
    if report.submitted_by_id and report.submitted_by.is_active:
        notify_users(
            users=[report.submitted_by],
            title=_("Impact report returned for revision: %(desa)s (%(event)s)")
            % {"desa": report.desa.name, "event": report.event.number},
            body=note,
            link=reverse("response:impact_detail", args=[report.pk]),
            channels=[Channel.INBOX, Channel.EMAIL],
            severity=Severity.MODERATE,
        )
    announce_impact(report.event)
    return report


@transaction.atomic
def impact_report_verify(*, report: ImpactReport, by) -> ImpactReport:
    """Verify a submitted report: its figures count from now on and it never changes again."""
    report = _lock(report)
    _require_reviewer(report, by)
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be verified."))
    report.state = ReportState.VERIFIED
    report.verified_at, report.verified_by = timezone.now(), by
    report._history_user = by
    report._change_reason = _("Verified")
    report.save()
    announce_impact(report.event)
    return report


# --- Casualties by name -------------------------------------------------------------------------


@transaction.atomic
def casualty_save(
    *,
    event: Event,
    by,
    desa: Desa,
    name: str,
    sex: str,
    status: str,
    age: int | None = None,
    where_found: str = "",
    note: str = "",
    casualty: Casualty | None = None,
) -> Casualty:
    """Add a dead or missing person by name, or correct one (e.g. found). BPBD of the district only."""
    require(
        permissions.may_see_casualty_names(by, event.district_id),
        _("Only BPBD staff of the district keep the list of casualties."),
    )
    errors = {}
    if desa is None or not event.desa.filter(pk=desa.pk).exists():
        errors["desa"] = _("Choose a desa affected by this event.")
    if not (name or "").strip():
        errors["name"] = _("Give the person's name.")
    if sex not in Casualty.Sex.values:
        errors["sex"] = _("Choose male or female.")
    if status not in Casualty.Status.values:
        errors["status"] = _("Choose dead, missing or found alive.")
    if age is not None and not 0 <= age <= 130:
        errors["age"] = _("Give an age from 0 to 130.")
    if errors:
        raise ValidationError(errors)
    if casualty is None:
        casualty = Casualty(event=event, recorded_by=by)
    else:
        casualty = Casualty.objects.select_for_update().get(pk=casualty.pk, event=event)
    casualty.desa, casualty.name, casualty.sex, casualty.age = desa, name.strip()[:150], sex, age
    casualty.status, casualty.where_found, casualty.note = status, where_found.strip()[:200], note.strip()[:300]
    casualty._history_user = by
    casualty.save()
    return casualty
