"""Warehouses, minimum stock and planning settings; turning a needs scenario into a draft request."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kecamatan.models import District, Hazard, Kecamatan
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core import events

from ..models import (
    DistrictNeedsProfile,
    Document,
    Item,
    LogisticsSettings,
    MinimumStock,
    NeedsProfile,
    Request,
    Warehouse,
)
from ..selectors import district_profile, person_lines
from .common import clean_quantity
from .requests import RequestedLine, request_create, stocked_item_ids


def _require_manager(by, district_id: int) -> None:
    require(
        permissions.may_manage_warehouses(by, district_id),
        _("Only BPBD staff of the district manage its warehouses and minimum stock."),
    )


def _closing_blockers(warehouse: Warehouse) -> list[str]:
    """Why a warehouse cannot close yet: stock on hand or shipments on the way to it would be stranded."""
    problems = []
    if warehouse.balances.filter(quantity__gt=0).exists():
        problems.append(
            _("%(warehouse)s still holds stock: transfer or adjust it out first.") % {"warehouse": warehouse}
        )
    if warehouse.incoming_documents.filter(status=Document.Status.IN_TRANSIT).exists():
        problems.append(
            _("Shipments to %(warehouse)s are still in transit: confirm their receipt first.")
            % {"warehouse": warehouse}
        )
    return problems


@transaction.atomic
def warehouse_save(
    *,
    by,
    district: District,
    code: str,
    name: str,
    kind: str,
    lat: float,
    lon: float,
    kecamatan_served: list[Kecamatan],
    keeper=None,
    address: str = "",
    is_active: bool = True,
    warehouse: Warehouse | None = None,
) -> Warehouse:
    """Create a warehouse, or change one.

    Its location must lie inside the district, it serves only kecamatan of the
    district, and its keeper works there. A warehouse holding stock (or awaiting a
    shipment) cannot close: that stock would drop out of every page and shortage.
    """
    _require_manager(by, district.pk)
    if warehouse is not None:
        if warehouse.district_id != district.pk:
            raise PermissionDenied
        # Lock the row: two people saving the same warehouse apply one after the other.
        warehouse = Warehouse.objects.select_for_update().get(pk=warehouse.pk)
    else:
        warehouse = Warehouse(district=district)
    errors: dict[str, list[str]] = {}
    if any(k.district_id != district.pk for k in kecamatan_served):
        errors["kecamatan_served"] = [_("Only kecamatan of the same district can be served.")]
    if keeper is not None and (keeper.district_id != district.pk or not keeper.is_active):
        errors["keeper"] = [_("The keeper must be an active user of the same district.")]
    if not is_active and warehouse.pk and warehouse.is_active:
        blockers = _closing_blockers(warehouse)
        if blockers:
            errors["is_active"] = blockers
    code = (code or "").strip().upper()
    if code and Warehouse.objects.filter(district=district, code=code).exclude(pk=warehouse.pk).exists():
        errors["code"] = [_("Another warehouse of the district already uses code %(code)s.") % {"code": code}]
    for attr, value in {
        "code": code,
        "name": (name or "").strip(),
        "kind": kind,
        "lat": lat,
        "lon": lon,
        "keeper": keeper,
        "address": (address or "").strip(),
        "is_active": is_active,
    }.items():
        setattr(warehouse, attr, value)
    try:
        # Checks every field and, in Warehouse.clean, that the location lies inside the district. The
        # district is fixed by the caller; the code's uniqueness is checked above with a clearer message.
        warehouse.full_clean(exclude=["district", *errors])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    warehouse._history_user = by
    try:
        # The unique constraint is the backstop when two people create the same code at once.
        with transaction.atomic():
            warehouse.save()
    except IntegrityError:
        raise ValidationError(
            {"code": _("Another warehouse of the district already uses code %(code)s.") % {"code": code}}
        ) from None
    if set(warehouse.kecamatan_served.values_list("pk", flat=True)) != {k.pk for k in kecamatan_served}:
        warehouse.kecamatan_served.set(kecamatan_served)
    events.warehouses_changed.announce(district_id=warehouse.district_id)
    return warehouse


@transaction.atomic
def minimum_set(
    *, by, warehouse: Warehouse, item: Item, mode: str, fixed_quantity: Decimal | None = None
) -> MinimumStock:
    """Set the minimum of an item in a warehouse (creating it or replacing the previous one).

    A derived minimum needs a per-person line for the item in the district's needs profile and a
    served population, else it would be zero.
    """
    _require_manager(by, warehouse.district_id)
    if not item.is_active:
        raise ValidationError({"item": _("%(item)s is no longer in the catalogue.") % {"item": item}})
    if mode == MinimumStock.Mode.FIXED:
        if fixed_quantity in (None, ""):
            raise ValidationError({"fixed_quantity": _("Give the minimum quantity of %(item)s.") % {"item": item}})
        fixed_quantity = clean_quantity(fixed_quantity, item=item, field="fixed_quantity")
    elif mode == MinimumStock.Mode.DERIVED:
        profile = district_profile(warehouse.district_id)
        if profile is None or (profile.pk, item.pk) not in person_lines([profile.pk], [item.pk]):
            raise ValidationError(
                {
                    "mode": _(
                        "The needs profile %(profile)s has no line per person for %(item)s to derive a minimum from."
                    )
                    % {"profile": profile or "—", "item": item}
                }
            )
        if not warehouse.kecamatan_served.filter(population__gt=0).exists():
            raise ValidationError(
                {
                    "mode": _(
                        "%(warehouse)s serves no kecamatan with a known population: a derived minimum would be zero."
                    )
                    % {"warehouse": warehouse}
                }
            )
        fixed_quantity = None
    else:
        raise ValidationError({"mode": _("Choose fixed or derived.")})
    minimum = MinimumStock.objects.select_for_update().filter(warehouse=warehouse, item=item).first() or MinimumStock(
        warehouse=warehouse, item=item
    )
    minimum.mode, minimum.fixed_quantity = mode, fixed_quantity
    minimum._history_user = by
    try:
        with transaction.atomic():
            minimum.save()
    except IntegrityError:
        # Someone created the same minimum a moment ago: replace theirs, as a later save would.
        minimum = MinimumStock.objects.select_for_update().get(warehouse=warehouse, item=item)
        minimum.mode, minimum.fixed_quantity = mode, fixed_quantity
        minimum._history_user = by
        minimum.save()
    events.warehouses_changed.announce(district_id=warehouse.district_id)
    return minimum


@transaction.atomic
def minimum_remove(*, by, minimum: MinimumStock) -> None:
    _require_manager(by, minimum.warehouse.district_id)
    minimum._history_user = by
    minimum.delete()
    events.warehouses_changed.announce(district_id=minimum.warehouse.district_id)


@transaction.atomic
def settings_update(*, by, district: District, buffer_days: int, planning_share_percent: Decimal) -> LogisticsSettings:
    """Change the district's planning parameters; every derived minimum follows at once."""
    require(
        permissions.may_change_logistics_settings(by, district.pk),
        _("Only a BPBD admin of the district changes its logistics settings."),
    )
    row = LogisticsSettings.objects.select_for_update().filter(district=district).first() or LogisticsSettings(
        district=district
    )
    if (row.buffer_days, row.planning_share_percent) == (buffer_days, planning_share_percent):
        return row  # nothing to change: no row written, no history
    row.buffer_days, row.planning_share_percent = buffer_days, planning_share_percent
    row.full_clean(exclude=["district"])
    row._history_user = by
    row.save()
    events.warehouses_changed.announce(district_id=district.pk)
    return row


@transaction.atomic
def district_needs_profile_set(*, by, district: District, profile: NeedsProfile) -> None:
    """The district's needs, its calculator and its derived minimums follow ``profile`` from now on."""
    require(
        permissions.may_choose_district_needs_profile(by, district.pk),
        _("Only the district's admin chooses its default needs profile."),
    )
    if not profile.is_active:
        raise ValidationError({"profile": _("Choose an active needs profile.")})
    choice = DistrictNeedsProfile.objects.select_for_update().filter(district=district).first()
    current = district_profile(district.pk)
    if current is not None and current.pk == profile.pk:
        return  # already the district's profile: nothing to record
    choice = choice or DistrictNeedsProfile(district=district)
    choice.profile, choice._history_user = profile, by
    choice.save()
    events.warehouses_changed.announce(district_id=district.pk)


def request_from_needs(
    *, by, kecamatan: Kecamatan, hazard: Hazard | None, people: int, days: int, gaps: dict[Item, Decimal]
) -> Request:
    """A draft request for the gap of a needs scenario; items no warehouse stocks are left out."""
    stocked = stocked_item_ids(district_id=kecamatan.district_id)
    lines = [RequestedLine(item, quantity) for item, quantity in gaps.items() if quantity > 0 and item.pk in stocked]
    if not lines:
        raise ValidationError(_("There is no gap that the district's warehouses could fill."))
    reason = _("Needs of %(people)s displaced people for %(days)s days%(hazard)s.") % {
        "people": people,
        "days": days,
        "hazard": f" ({hazard})" if hazard else "",
    }
    return request_create(
        by=by,
        kecamatan=kecamatan,
        destination_kind=Request.Destination.KECAMATAN,
        reason=reason,
        people_affected=people,
        lines=lines,
        hazard=hazard,
        submit=False,
    )
