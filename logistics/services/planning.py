"""Warehouses, minimum stock and planning settings; turning a needs scenario into a draft request."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kecamatan.models import District, Hazard, Kecamatan

from ..geo import location_error
from ..models import Item, LogisticsSettings, MinimumStock, Request, Warehouse
from .common import clean_quantity, require_bpbd
from .requests import RequestedLine, request_create, stocked_item_ids


def _require_admin(by, district_id: int) -> None:
    if not (by.is_superuser or (by.is_district_admin and by.district_id == district_id)):
        raise PermissionDenied(_("Only a BPBD admin of the district manages its warehouses."))


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
    """Create a warehouse, or change one; its location must lie inside the district."""
    _require_admin(by, district.pk)
    error = location_error(district=district, lat=lat, lon=lon)
    if error:
        raise ValidationError({"lat": error})
    if any(k.district_id != district.pk for k in kecamatan_served):
        raise ValidationError({"kecamatan_served": _("Only kecamatan of the same district can be served.")})
    if keeper is not None and keeper.district_id != district.pk:
        raise ValidationError({"keeper": _("The keeper must work in the same district.")})
    if warehouse is None:
        warehouse = Warehouse(district=district)
    elif warehouse.district_id != district.pk:
        raise PermissionDenied
    for attr, value in {
        "code": code,
        "name": name,
        "kind": kind,
        "lat": lat,
        "lon": lon,
        "keeper": keeper,
        "address": address,
        "is_active": is_active,
    }.items():
        setattr(warehouse, attr, value)
    warehouse.full_clean(exclude=["district"])
    warehouse.save()
    warehouse.kecamatan_served.set(kecamatan_served)
    return warehouse


@transaction.atomic
def minimum_set(
    *, by, warehouse: Warehouse, item: Item, mode: str, fixed_quantity: Decimal | None = None
) -> MinimumStock:
    require_bpbd(by, warehouse.district_id)
    if mode == MinimumStock.Mode.FIXED:
        fixed_quantity = clean_quantity(fixed_quantity, item=item, field="fixed_quantity")
    elif mode == MinimumStock.Mode.DERIVED:
        if not hasattr(item, "norm"):
            raise ValidationError({"mode": _("%(item)s has no norm to derive a minimum from.") % {"item": item}})
        fixed_quantity = None
    else:
        raise ValidationError({"mode": _("Choose fixed or derived.")})
    minimum, _created = MinimumStock.objects.update_or_create(
        warehouse=warehouse, item=item, defaults={"mode": mode, "fixed_quantity": fixed_quantity}
    )
    return minimum


@transaction.atomic
def minimum_remove(*, by, minimum: MinimumStock) -> None:
    require_bpbd(by, minimum.warehouse.district_id)
    minimum.delete()


@transaction.atomic
def settings_update(*, by, district: District, buffer_days: int, planning_share_percent: Decimal) -> LogisticsSettings:
    _require_admin(by, district.pk)
    row, _created = LogisticsSettings.objects.get_or_create(district=district)
    row.buffer_days, row.planning_share_percent = buffer_days, planning_share_percent
    row.full_clean(exclude=["district"])
    row.save()
    return row


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
