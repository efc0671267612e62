"""Changes to agencies, action plans and items, evidence and quick-response cards.

Who may change what:
- agencies, the district plan, plan settings: BPBD staff of the district (settings: admins);
- a kecamatan's plan items and cards: BPBD staff of the district and the kecamatan's officers.
- card and plan templates: BPBD admins of the owning district write, publish, share and
  adopt them (``kencana.library`` keeps the versioning rules); BPBD staff apply a
  published template of their own district to a kecamatan.
Every change to an item or a card is kept in its history with the user who made it.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from kecamatan.models import District, Hazard, Kecamatan
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core import events
from kencana.core.clock import local_today
from kencana.core.uploads import HEAD_BYTES, check_file
from kencana.library import services as library_services
from kencana.library.models import VersionState

from .models import (
    ActionItem,
    ActionPlan,
    Agency,
    CardStep,
    CardTemplate,
    CardTemplateStep,
    CardTemplateVersion,
    Evidence,
    PlanSettings,
    PlanTemplate,
    PlanTemplateItem,
    PlanTemplateVersion,
    QuickResponseCard,
)
from .spec import SPECS, spec_for

# --- Settings and agencies --------------------------------------------------------------


@transaction.atomic
def plan_settings_update(*, by, district: District, card_review_days: int) -> PlanSettings:
    require(
        permissions.may_change_plan_settings(by, district.pk),
        _("Only a BPBD admin of this district changes plan settings."),
    )
    if not 7 <= card_review_days <= 1095:
        raise ValidationError({"card_review_days": _("Choose between 7 and 1095 days.")})
    current = PlanSettings.objects.filter(district=district).first() or PlanSettings(district=district)
    if current.card_review_days == card_review_days:
        return current  # nothing to change: no row written, no history
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
    require(
        permissions.may_edit_district_plans(by, district.pk),
        _("Only BPBD staff of this district edit the agencies registry."),
    )
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
            plan, created = ActionPlan.objects.get_or_create(
                district=district, kecamatan=kecamatan, defaults={"title": title}
            )
            if created:
                events.plans_changed.announce(district_id=district.pk)
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
    require(permissions.may_edit_plan(by, plan), _("You cannot add items to this plan."))
    unknown = set(fields) - set(ITEM_FIELDS) - {"indicator", "source_report"}
    if unknown:
        raise TypeError(f"unknown item fields: {sorted(unknown)}")
    values = _clean_item_values(plan=plan, values={"title": title, **fields})
    item = ActionItem(plan=plan, **values)
    _check_dates_and_status(item)
    item._history_user = by
    item.save()
    events.plans_changed.announce(district_id=plan.district_id)
    return item


@transaction.atomic
def action_item_update(*, by, item: ActionItem, **fields) -> ActionItem:
    """Change any of the item's fields (a partial update); the history records who and when."""
    require(permissions.may_edit_plan(by, item.plan), _("You cannot change items of this plan."))
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
    events.plans_changed.announce(district_id=locked.plan.district_id)
    return locked


def evidence_add(*, by, item: ActionItem, data: bytes, filename: str, caption: str = "") -> Evidence:
    """Store a file that shows progress, after checking its real type by its content.

    The file gets a random name; the uploader's name is kept only as text. The file is
    written before the row and removed again if the row cannot be saved.
    """
    require(permissions.may_edit_plan(by, item.plan), _("You cannot add evidence to this item."))
    kind = check_file(
        name=filename or "bukti",
        size=len(data),
        head=data[:HEAD_BYTES],
        accepted=Evidence.ALLOWED.values(),
        field="file",
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
    require(permissions.may_edit_kecamatan_plans(by, kecamatan), _("You cannot edit this kecamatan's cards."))
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
        card.last_reviewed_on, card.reviewed_by = local_today(kecamatan.district.timezone), by
    card._history_user = by
    card.save()
    card.extra_contacts.set(contacts)
    _steps_replace(card, cleaned)
    events.plans_changed.announce(district_id=kecamatan.district_id)
    return card


def _steps_replace(card: QuickResponseCard, cleaned: list[dict]) -> None:
    """The card's steps become ``cleaned``, in that order. A step that is still there (the same
    action for the same role) keeps its row, wherever it moved, so the tasks an activation made
    from it stay linked to it; the others are removed or added."""
    existing: dict[tuple[str, str], list[CardStep]] = {}
    highest = 0
    for step in card.steps.order_by("order"):
        existing.setdefault((step.action, step.role), []).append(step)
        highest = step.order
    kept, added = [], []
    for order, values in enumerate(cleaned, start=1):
        same = existing.get((values["action"], values["role"]))
        step = same.pop(0) if same else CardStep(card=card)
        step.order, step.agency, step.within_minutes = order, values["agency"], values["within_minutes"]
        step.action, step.role = values["action"], values["role"]
        (kept if step.pk else added).append(step)
    card.steps.exclude(pk__in=[step.pk for step in kept]).delete()
    if kept:
        # Above every order number in use and to come first: (card, order) is unique at every row.
        card.steps.update(order=F("order") + max(highest, len(cleaned)))
        CardStep.objects.bulk_update(kept, ["order", "agency", "within_minutes"])
    CardStep.objects.bulk_create(added)


@transaction.atomic
def card_mark_reviewed(*, by, card: QuickResponseCard, on: datetime.date | None = None) -> QuickResponseCard:
    """Record that the card was checked and is still right (today in the district's zone by default)."""
    require(permissions.may_edit_kecamatan_plans(by, card.kecamatan), _("You cannot review this kecamatan's cards."))
    card = QuickResponseCard.objects.select_for_update().select_related("kecamatan__district").get(pk=card.pk)
    card.last_reviewed_on = on or local_today(card.kecamatan.district.timezone)
    card.reviewed_by = by
    card._history_user = by
    card.save()
    events.plans_changed.announce(district_id=card.kecamatan.district_id)
    return card


def card_mark_used(*, card: QuickResponseCard, by, at: datetime.datetime, used_for: str) -> None:
    """Record that the card was put to work (its "last used" line). The response phase calls this
    when it activates the card, after checking that ``by`` may; the change keeps its history."""
    card = QuickResponseCard.objects.select_for_update(of=("self",)).select_related("kecamatan").get(pk=card.pk)
    if card.last_used_at is not None and card.last_used_at > at:
        return
    card.last_used_at, card.last_used_for = at, used_for[:250]
    card._history_user = by
    card.save(update_fields=["last_used_at", "last_used_for", "updated_at"])
    events.plans_changed.announce(district_id=card.kecamatan.district_id)


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
    require(permissions.may_edit_kecamatan_plans(by, kecamatan), _("You cannot add items to this kecamatan's plan."))
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
    events.plans_changed.announce(district_id=plan.district_id)
    return created


# --- Card and plan templates (the template library) -----------------------------------------------


def _require_template_admin(by, district_id: int) -> None:
    require(
        permissions.may_edit_templates(by, district_id),
        _("Only a BPBD admin of the owning district may change this template."),
    )


def _require_draft(version) -> None:
    if not version.is_editable:
        raise ValidationError(_("Only a draft can be edited; start a new draft from the template page."))


def template_create(
    *, by, kind: str, name: str, description: str = "", hazard: Hazard | None = None
) -> CardTemplate | PlanTemplate:
    """A new card (``kind="cards"``) or plan (``kind="plans"``) template with an empty draft v1."""
    if kind not in SPECS:
        raise ValueError(f"unknown template kind: {kind}")
    if by.district_id is None:
        raise PermissionDenied(_("Only a BPBD admin of a district creates templates."))
    _require_template_admin(by, by.district_id)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the template a name.")})
    spec = SPECS[kind]
    with transaction.atomic():
        template = spec.template_model(district_id=by.district_id, name=name[:200], description=description.strip())
        template.created_by = by
        template._history_user = by
        template.save()
        draft = spec.version_model(template=template, number=1, created_by=by)
        if kind == "cards":
            draft.hazard = hazard
        draft.save()
    return template


@transaction.atomic
def template_update(*, by, template, name: str, description: str = "", shared_with_partners: bool = False):
    """Rename a template, describe it, and share it with partner districts (or stop sharing)."""
    _require_template_admin(by, template.district_id)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the template a name.")})
    template = type(template).objects.select_for_update().get(pk=template.pk)
    template.name, template.description = name[:200], (description or "").strip()
    template.shared_with_partners = shared_with_partners
    template._history_user = by
    template.save()
    return template


def template_edit(*, by, template):
    """The draft to edit: the existing one or a copy of the latest version."""
    return library_services.version_new_draft(spec=spec_for(template), template=template, by=by)


def template_version_discard(*, by, version) -> None:
    _require_template_admin(by, version.template.district_id)
    with transaction.atomic():
        version = type(version).objects.select_for_update().get(pk=version.pk)
        _require_draft(version)
        if version.template.versions.count() == 1:
            raise ValidationError(_("The only version of a template cannot be discarded."))
        version.delete()


def _validate_card_version(version: CardTemplateVersion) -> None:
    problems = []
    if version.hazard_id is None:
        problems.append(_("Choose the hazard of the card."))
    if not version.trigger.strip():
        problems.append(_("Say what sets the card off."))
    if not version.steps.exists():
        problems.append(_("A card needs at least one step."))
    if problems:
        raise ValidationError(problems)


def _validate_plan_version(version: PlanTemplateVersion) -> None:
    if not version.items.exists():
        raise ValidationError(_("Add at least one standard item."))


def template_version_publish(*, by, version):
    """Publish a draft after checking it is complete; the template's published version is retired."""
    validate = _validate_card_version if isinstance(version, CardTemplateVersion) else _validate_plan_version
    return library_services.version_publish(spec=spec_for(version), version=version, by=by, validate=validate)


def template_version_retire(*, by, version):
    return library_services.version_retire(spec=spec_for(version), version=version, by=by)


def template_adopt(*, by, source, name: str = ""):
    """Copy a partner's (or one's own) published version into the adopter's district as a draft."""
    return library_services.template_adopt(spec=spec_for(source), source=source, by=by, name=name)


def template_pull_source(*, by, template):
    """A new draft with the source's newer published version."""
    return library_services.template_pull_source(spec=spec_for(template), template=template, by=by)


def _locked_draft(version):
    version = type(version).objects.select_for_update().select_related("template").get(pk=version.pk)
    _require_draft(version)
    return version


@transaction.atomic
def card_template_save(
    *,
    by,
    version: CardTemplateVersion,
    hazard: Hazard | None,
    trigger: str,
    steps: Iterable[dict],
    assembly_points: str = "",
    evacuation_routes: str = "",
) -> CardTemplateVersion:
    """Replace a draft card template's content. ``steps`` are dicts with action, role,
    agency_kind, agency_name and within_minutes, in order; empty rows are dropped."""
    _require_template_admin(by, version.template.district_id)
    version = _locked_draft(version)
    cleaned, errors = [], []
    for number, step in enumerate(steps, start=1):
        action, role = (step.get("action") or "").strip(), (step.get("role") or "").strip()
        if not action and not role:
            continue
        minutes, kind = step.get("within_minutes"), step.get("agency_kind") or ""
        if not action or not role:
            errors.append(_("Step %(n)s needs both what is done and who does it.") % {"n": number})
        if minutes is None or not 0 <= minutes <= 30 * 24 * 60:
            errors.append(_("Step %(n)s needs the time allowed after the trigger.") % {"n": number})
        if kind and kind not in Agency.Kind.values:
            errors.append(_("Step %(n)s: unknown agency kind.") % {"n": number})
        cleaned.append(
            {
                "action": action,
                "role": role,
                "agency_kind": kind,
                "agency_name": (step.get("agency_name") or "").strip(),
                "within_minutes": minutes,
            }
        )
    if errors:
        raise ValidationError({"steps": errors})
    version.hazard = hazard
    version.trigger = (trigger or "").strip()
    version.assembly_points = (assembly_points or "").strip()
    version.evacuation_routes = (evacuation_routes or "").strip()
    version._history_user = by
    version.save()
    version.steps.all().delete()
    CardTemplateStep.objects.bulk_create(
        CardTemplateStep(version=version, order=n, **step) for n, step in enumerate(cleaned, start=1)
    )
    return version


@transaction.atomic
def plan_template_save(*, by, version: PlanTemplateVersion, items: Iterable[dict]) -> PlanTemplateVersion:
    """Replace a draft plan template's standard items. ``items`` are dicts with title, hazard,
    owner_kind, due_offset_days and budget_source, in order; rows without a title are dropped."""
    _require_template_admin(by, version.template.district_id)
    version = _locked_draft(version)
    cleaned, errors, titles = [], [], set()
    for number, item in enumerate(items, start=1):
        title = (item.get("title") or "").strip()
        if not title:
            continue
        offset, kind = item.get("due_offset_days"), item.get("owner_kind") or ""
        source = item.get("budget_source") or ""
        if title.casefold() in titles:
            errors.append(_("Item %(n)s: the title %(title)s is used twice.") % {"n": number, "title": title})
        titles.add(title.casefold())
        if offset is None or not 0 <= offset <= 3 * 365:
            errors.append(_("Item %(n)s needs a due date offset between 0 and 1095 days.") % {"n": number})
        if kind and kind not in Agency.Kind.values:
            errors.append(_("Item %(n)s: unknown agency kind.") % {"n": number})
        if source not in ActionItem.BudgetSource.values:
            errors.append(_("Item %(n)s: unknown budget source.") % {"n": number})
        cleaned.append(
            {
                "title": title[:250],
                "hazard": item.get("hazard"),
                "owner_kind": kind,
                "due_offset_days": offset,
                "budget_source": source,
            }
        )
    if errors:
        raise ValidationError({"items": errors})
    version.items.all().delete()
    PlanTemplateItem.objects.bulk_create(
        PlanTemplateItem(version=version, order=n, **item) for n, item in enumerate(cleaned, start=1)
    )
    version._history_user = by
    version.save()
    return version


def resolve_agency(*, kecamatan: Kecamatan, kind: str = "", name: str = "") -> Agency | None:
    """The district's active agency for a template's kind and name hint: the kecamatan's own
    one first (its Puskesmas, its Polsek), else a district-wide one; None when nothing fits."""
    if not kind and not name:
        return None
    candidates = Agency.objects.filter(district_id=kecamatan.district_id, is_active=True)
    if kind:
        candidates = candidates.filter(kind=kind)
    if name:
        candidates = candidates.filter(name__icontains=name)
    return (
        candidates.filter(kecamatan=kecamatan).order_by("name").first()
        or candidates.filter(kecamatan__isnull=True).order_by("name").first()
    )


def _require_applicable(*, by, version, kecamatan: Kecamatan) -> None:
    require(
        permissions.may_apply_templates(by, kecamatan.district_id),
        _("Only BPBD staff of the district apply templates to a kecamatan."),
    )
    if version.template.district_id != kecamatan.district_id:
        raise ValidationError(_("Only your district's own templates can be applied; adopt a partner's template first."))
    if version.state != VersionState.PUBLISHED:
        raise ValidationError(_("Only the published version of a template can be applied."))


def card_template_apply(
    *, by, version: CardTemplateVersion, kecamatan: Kecamatan, replace: bool = False
) -> QuickResponseCard:
    """Write the kecamatan's card for the template's hazard from a published card template.

    Each step's agency is resolved from the district's registry by kind and name
    (``resolve_agency``); a step left without agency is shown for the staff to fill in.
    Applying the same version again returns the card unchanged. A card the kecamatan
    already has from elsewhere is only replaced when ``replace`` is set. The new card
    is not marked reviewed: the kecamatan checks the places and names first.
    """
    _require_applicable(by=by, version=version, kecamatan=kecamatan)
    with transaction.atomic():
        existing = (
            QuickResponseCard.objects.select_for_update()
            .filter(kecamatan=kecamatan, hazard_id=version.hazard_id)
            .first()
        )
        if existing is not None and existing.source_version_id == version.pk and not replace:
            return existing
        if existing is not None and not replace:
            raise ValidationError(
                _("Kecamatan %(name)s already has a card for %(hazard)s. Replace it or edit it instead.")
                % {"name": kecamatan.name, "hazard": version.hazard}
            )
        steps = [
            {
                "action": step.action,
                "role": step.role,
                "within_minutes": step.within_minutes,
                "agency": resolve_agency(kecamatan=kecamatan, kind=step.agency_kind, name=step.agency_name),
            }
            for step in version.steps.all()
        ]
        card = card_save(
            by=by,
            kecamatan=kecamatan,
            hazard=version.hazard,
            trigger=version.trigger,
            steps=steps,
            assembly_points=version.assembly_points,
            evacuation_routes=version.evacuation_routes,
            extra_contacts=existing.extra_contacts.all() if existing else (),
            reviewed=False,
        )
        card.source_version = version
        card.last_reviewed_on, card.reviewed_by = None, None
        card._history_user = by
        card.save()
    return card


def plan_template_apply(*, by, version: PlanTemplateVersion, kecamatan: Kecamatan) -> list[ActionItem]:
    """Add a published plan template's standard items to the kecamatan's action plan.

    Items are planned, due ``due_offset_days`` after today in the district's zone, owned
    by the agency of the item's kind (the kecamatan's own first). An item already added
    from the same template (any version, by title) is skipped, so applying twice adds
    nothing. The template's budget source is written in the description: the amount is
    the kecamatan's to set.
    """
    _require_applicable(by=by, version=version, kecamatan=kecamatan)
    plan = action_plan_ensure(district=kecamatan.district, kecamatan=kecamatan)
    today = local_today(kecamatan.district.timezone)
    with transaction.atomic():
        plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)  # two applies at once add each item once
        already = {
            title.casefold()
            for title in plan.items.filter(template_item__version__template_id=version.template_id).values_list(
                "title", flat=True
            )
        }
        created = []
        for standard in version.items.select_related("hazard"):
            if standard.title.casefold() in already:
                continue
            description = ""
            if standard.budget_source:
                description = _("Budget source in the template: %(source)s. Set the amount when it is known.") % {
                    "source": standard.get_budget_source_display()
                }
            item = ActionItem(
                plan=plan,
                title=standard.title,
                description=description,
                hazard=standard.hazard,
                owner_agency=resolve_agency(kecamatan=kecamatan, kind=standard.owner_kind),
                due_date=today + datetime.timedelta(days=standard.due_offset_days),
                status=ActionItem.Status.PLANNED,
                template_item=standard,
            )
            item._history_user = by
            item.save()
            created.append(item)
        events.plans_changed.announce(district_id=plan.district_id)
    return created


def template_apply_many(*, by, version, kecamatan: Iterable[Kecamatan], replace: bool = False) -> list:
    """Apply a published card or plan template to several kecamatan: all of them, or none.

    Returns the cards written (card templates) or the lists of items added (plan templates),
    in the order of ``kecamatan``. Every refusal is reported; any refusal rolls back the rest.
    """
    results, errors = [], []
    with transaction.atomic():
        for target in kecamatan:
            try:
                with transaction.atomic():
                    if isinstance(version, CardTemplateVersion):
                        results.append(card_template_apply(by=by, version=version, kecamatan=target, replace=replace))
                    else:
                        results.append(plan_template_apply(by=by, version=version, kecamatan=target))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
    return results
