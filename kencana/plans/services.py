"""Changes to agencies, action plans and items, evidence and quick-response cards.

Who may change what:
- agencies, the district plan, plan settings: BPBD staff of the district (settings: admins);
- a kecamatan's plan items and cards: BPBD staff of the district and the kecamatan's officers.
Every change to an item or a card is kept in its history with the user who made it.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kecamatan.models import District, Hazard, Kecamatan

from .models import ActionItem, ActionPlan, Agency, CardStep, Evidence, PlanSettings, QuickResponseCard
from .selectors import district_today

# --- Permissions ----------------------------------------------------------------------


def is_district_staff(user, district_id: int) -> bool:
    return bool(user.is_superuser or (user.is_bpbd and user.district_id == district_id))


def can_edit_kecamatan_plans(user, kecamatan: Kecamatan) -> bool:
    """Staff of the district, or an officer assigned to the kecamatan."""
    if is_district_staff(user, kecamatan.district_id):
        return True
    return bool(
        user.is_officer
        and user.district_id == kecamatan.district_id
        and user.kecamatan.filter(pk=kecamatan.pk).exists()
    )


def can_edit_plan(user, plan: ActionPlan) -> bool:
    if plan.kecamatan_id is None:
        return is_district_staff(user, plan.district_id)
    return can_edit_kecamatan_plans(user, plan.kecamatan)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- Settings and agencies --------------------------------------------------------------


@transaction.atomic
def plan_settings_update(*, by, district: District, card_review_days: int) -> PlanSettings:
    _require(
        by.is_superuser or (by.is_district_admin and by.district_id == district.pk),
        _("Only a BPBD admin of this district changes plan settings."),
    )
    if not 7 <= card_review_days <= 1095:
        raise ValidationError({"card_review_days": _("Choose between 7 and 1095 days.")})
    plan_settings, _created = PlanSettings.objects.update_or_create(
        district=district, defaults={"card_review_days": card_review_days}
    )
    return plan_settings


AGENCY_FIELDS = (
    "kind",
    "name",
    "kecamatan",
    "contact_person",
    "contact_role",
    "phone",
    "email",
    "address",
    "is_active",
)


@transaction.atomic
def agency_save(*, by, district: District, agency: Agency | None = None, **fields) -> Agency:
    """Create an agency of the district or update one; ``fields`` are the model's editable fields."""
    _require(is_district_staff(by, district.pk), _("Only BPBD staff of this district edit the agencies registry."))
    unknown = set(fields) - set(AGENCY_FIELDS)
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    kecamatan = fields.get("kecamatan")
    if kecamatan is not None and kecamatan.district_id != district.pk:
        raise ValidationError({"kecamatan": _("Choose a kecamatan of this district.")})
    if agency is None:
        agency = Agency(district=district)
    elif agency.district_id != district.pk:
        raise PermissionDenied(_("This agency belongs to another district."))
    else:
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
    for name, value in fields.items():
        setattr(agency, name, value.strip() if isinstance(value, str) else value)
    agency.full_clean()
    agency._history_user = by
    agency.save()
    return agency


# --- Plans and items ----------------------------------------------------------------------


def action_plan_ensure(*, district: District, kecamatan: Kecamatan | None = None) -> ActionPlan:
    """The kecamatan's plan (or the district's, without kecamatan), created on first use."""
    if kecamatan is not None and kecamatan.district_id != district.pk:
        raise ValidationError(_("The kecamatan is not in this district."))
    title = (
        _("Action plan of Kecamatan %(name)s") % {"name": kecamatan.name}
        if kecamatan
        else _("Action plan of %(district)s") % {"district": district.display_name}
    )
    try:
        with transaction.atomic():
            plan, _created = ActionPlan.objects.get_or_create(
                district=district, kecamatan=kecamatan, defaults={"title": title}
            )
    except IntegrityError:
        # Two first uses at once: the other one created it.
        plan = ActionPlan.objects.get(district=district, kecamatan=kecamatan)
    return plan


ITEM_FIELDS = (
    "title",
    "description",
    "hazard",
    "owner_agency",
    "owner_person",
    "start_date",
    "due_date",
    "status",
    "progress",
    "budget_source",
    "budget_amount",
    "note",
)


def _clean_item_values(*, plan: ActionPlan, values: dict) -> dict:
    errors = {}
    if "title" in values:
        values["title"] = (values["title"] or "").strip()
        if not values["title"]:
            errors["title"] = _("An item needs a title.")
    agency = values.get("owner_agency")
    if agency is not None and agency.district_id != plan.district_id:
        errors["owner_agency"] = _("Choose an agency of this district.")
    status = values.get("status")
    if status is not None and status not in ActionItem.Status.values:
        errors["status"] = _("Unknown status.")
    progress = values.get("progress")
    if progress is not None and not 0 <= progress <= 100:
        errors["progress"] = _("Progress is a percentage from 0 to 100.")
    amount = values.get("budget_amount")
    if amount is not None and Decimal(amount) < 0:
        errors["budget_amount"] = _("The budget cannot be negative.")
    source = values.get("budget_source")
    if source is not None and source not in ActionItem.BudgetSource.values:
        errors["budget_source"] = _("Unknown budget source.")
    if errors:
        raise ValidationError(errors)
    return values


def _check_dates_and_status(item: ActionItem) -> None:
    if item.start_date and item.due_date and item.start_date > item.due_date:
        raise ValidationError({"due_date": _("The due date cannot be before the start date.")})
    if item.status == ActionItem.Status.DONE:
        item.progress = 100
    elif item.progress == 100 and item.status in (ActionItem.Status.PLANNED, ActionItem.Status.IN_PROGRESS):
        item.status = ActionItem.Status.DONE
    if item.budget_source and item.budget_amount is None:
        raise ValidationError({"budget_amount": _("Give the amount for this budget source.")})


@transaction.atomic
def action_item_create(*, by, plan: ActionPlan, title: str, **fields) -> ActionItem:
    _require(can_edit_plan(by, plan), _("You cannot add items to this plan."))
    unknown = set(fields) - set(ITEM_FIELDS) - {"indicator", "source_report"}
    if unknown:
        raise TypeError(f"unknown item fields: {sorted(unknown)}")
    values = _clean_item_values(plan=plan, values={"title": title, **fields})
    item = ActionItem(plan=plan, **values)
    _check_dates_and_status(item)
    item._history_user = by
    item.save()
    return item


@transaction.atomic
def action_item_update(*, by, item: ActionItem, **fields) -> ActionItem:
    """Change any of the item's fields (a partial update); the history records who and when."""
    _require(can_edit_plan(by, item.plan), _("You cannot change items of this plan."))
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"unknown item fields: {sorted(unknown)}")
    locked = ActionItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
    values = _clean_item_values(plan=locked.plan, values=dict(fields))
    for name, value in values.items():
        setattr(locked, name, value)
    _check_dates_and_status(locked)
    locked._history_user = by
    locked.save()
    return locked


def evidence_add(*, by, item: ActionItem, data: bytes, filename: str, caption: str = "") -> Evidence:
    """Store a file that shows progress, after checking its real type by its content.

    The file gets a random name; the uploader's name is kept only as text. The file is
    written before the row and removed again if the row cannot be saved.
    """
    _require(can_edit_plan(by, item.plan), _("You cannot add evidence to this item."))
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than %(mb)s MB.") % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}}
        )
    kind = filetype.guess(data)
    if kind is None or kind.extension not in Evidence.ALLOWED:
        raise ValidationError(
            {"file": _("Only PDF, JPEG, PNG, WebP, DOCX and XLSX files are accepted (checked by their content).")}
        )
    evidence = Evidence(
        item=item,
        extension=kind.extension,
        original_name=(filename or "bukti")[-200:],
        size=len(data),
        caption=caption.strip()[:200],
        uploaded_by=by,
    )
    evidence.file.save("upload", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence


# --- Quick-response cards --------------------------------------------------------------------


def _clean_steps(steps: Iterable[dict], district_id: int) -> list[dict]:
    cleaned, errors = [], []
    for number, step in enumerate(steps, start=1):
        action, role = (step.get("action") or "").strip(), (step.get("role") or "").strip()
        minutes, agency = step.get("within_minutes"), step.get("agency")
        if not action and not role:
            continue
        if not action or not role:
            errors.append(_("Step %(n)s needs both what is done and who does it.") % {"n": number})
        if minutes is None or minutes < 0:
            errors.append(_("Step %(n)s needs the time allowed after the trigger.") % {"n": number})
        if agency is not None and agency.district_id != district_id:
            errors.append(_("Step %(n)s: choose an agency of this district.") % {"n": number})
        cleaned.append({"action": action, "role": role, "within_minutes": minutes, "agency": agency})
    if errors:
        raise ValidationError({"steps": errors})
    if not cleaned:
        raise ValidationError({"steps": _("A card needs at least one step.")})
    return cleaned


@transaction.atomic
def card_save(
    *,
    by,
    kecamatan: Kecamatan,
    hazard: Hazard,
    trigger: str,
    steps: Iterable[dict],
    assembly_points: str = "",
    evacuation_routes: str = "",
    extra_contacts: Iterable[Agency] = (),
    reviewed: bool = True,
) -> QuickResponseCard:
    """Create or replace the kecamatan's card for the hazard, with its ordered steps.

    ``steps`` are dicts with action, role, agency (or None) and within_minutes, in
    order. ``reviewed`` marks the card reviewed today (in the district's zone).
    """
    _require(can_edit_kecamatan_plans(by, kecamatan), _("You cannot edit this kecamatan's cards."))
    if not (trigger or "").strip():
        raise ValidationError({"trigger": _("Say what sets the card off.")})
    cleaned = _clean_steps(steps, kecamatan.district_id)
    contacts = list(extra_contacts)
    if any(a.district_id != kecamatan.district_id for a in contacts):
        raise ValidationError({"extra_contacts": _("Choose agencies of this district.")})
    card = QuickResponseCard.objects.select_for_update().filter(kecamatan=kecamatan, hazard=hazard).first()
    card = card or QuickResponseCard(kecamatan=kecamatan, hazard=hazard)
    card.trigger = trigger.strip()
    card.assembly_points, card.evacuation_routes = assembly_points.strip(), evacuation_routes.strip()
    if reviewed:
        card.last_reviewed_on, card.reviewed_by = district_today(kecamatan.district.timezone), by
    card._history_user = by
    card.save()
    card.extra_contacts.set(contacts)
    card.steps.all().delete()
    CardStep.objects.bulk_create(CardStep(card=card, order=n, **step) for n, step in enumerate(cleaned, start=1))
    return card


@transaction.atomic
def card_mark_reviewed(*, by, card: QuickResponseCard, on: datetime.date | None = None) -> QuickResponseCard:
    """Record that the card was checked and is still right (today in the district's zone by default)."""
    _require(can_edit_kecamatan_plans(by, card.kecamatan), _("You cannot review this kecamatan's cards."))
    card = QuickResponseCard.objects.select_for_update().select_related("kecamatan__district").get(pk=card.pk)
    card.last_reviewed_on = on or district_today(card.kecamatan.district.timezone)
    card.reviewed_by = by
    card._history_user = by
    card.save()
    return card


# --- From readiness gaps ------------------------------------------------------------------------


def _next_period_end(report) -> datetime.date:
    """The end of the period after the report's: when the next report can show the gap closed."""
    length = report.period_end - report.period_start + datetime.timedelta(days=1)
    return report.period_end + length


@transaction.atomic
def gaps_to_items(*, by, report) -> list[ActionItem]:
    """Suggest one planned item per weak answer of a readiness report, in the kecamatan's plan.

    Gaps are read through ``readiness.selectors.report_gaps``. An indicator that already
    has an item from this report is skipped, so pressing the button twice adds nothing.
    Items are due at the end of the next period, when the next report shows whether
    the gap closed.
    """
    from kencana.readiness.models import ReportState
    from kencana.readiness.selectors import report_gaps

    kecamatan = report.kecamatan
    _require(can_edit_kecamatan_plans(by, kecamatan), _("You cannot add items to this kecamatan's plan."))
    if report.state not in (ReportState.SUBMITTED, ReportState.VERIFIED):
        raise ValidationError(_("Only a submitted or verified report has gaps to act on."))
    plan = action_plan_ensure(district=kecamatan.district, kecamatan=kecamatan)
    already = set(plan.items.filter(source_report=report).values_list("indicator_id", flat=True))
    created = []
    for answer in report_gaps(report=report):
        indicator = answer.indicator
        if indicator.pk in already:
            continue
        details = [
            _("Weak answer in %(period)s: %(answer)s.")
            % {"period": report.period_label, "answer": answer.display_value}
        ]
        if answer.comment:
            details.append(answer.comment)
        if answer.review_note:
            details.append(_("Reviewer: %(note)s") % {"note": answer.review_note})
        item = ActionItem(
            plan=plan,
            title=f"{indicator.code} {indicator.text_id}"[:250],
            description="\n".join(details),
            status=ActionItem.Status.PLANNED,
            due_date=_next_period_end(report),
            indicator=indicator,
            source_report=report,
        )
        item._history_user = by
        item.save()
        created.append(item)
    return created
