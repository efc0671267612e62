"""Logistics: stock below its minimum, and lots in stock that expire soon (or have)."""

from collections.abc import Iterable

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kencana.core.clock import local_today
from kencana.core.formats import day, number
from logistics.models import Warehouse
from logistics.selectors import expiring_lots, shortages

from ..models import DistrictAlertSettings, Severity
from .base import Condition, Rule, register

DEFAULT_EXPIRY_WARNING_DAYS = DistrictAlertSettings._meta.get_field("expiry_warning_days").default


def _single_kecamatan(warehouse_ids: set[int]) -> dict[int, int]:
    """Warehouse → kecamatan for stores serving exactly one kecamatan, so its officers see the alert."""
    through = Warehouse.kecamatan_served.through.objects.filter(warehouse_id__in=warehouse_ids)
    single = {
        row["warehouse_id"]
        for row in through.values("warehouse_id").annotate(n=Count("kecamatan_id")).order_by()
        if row["n"] == 1
    }
    return dict(through.filter(warehouse_id__in=single).values_list("warehouse_id", "kecamatan_id"))


@register
class StockBelowMinimumRule(Rule):
    code = "stock_below_minimum"
    label = gettext_lazy("Stock below minimum")
    resolution_note = gettext_lazy("Stock is back at or above the minimum.")

    def evaluate(self, *, district_ids: Iterable[int] | None = None) -> Iterable[Condition]:
        rows = shortages(district_ids=district_ids)
        kecamatan_of = _single_kecamatan({row.warehouse.pk for row in rows})
        for row in rows:
            warehouse, item = row.warehouse, row.item
            yield Condition(
                key=f"{self.code}:{warehouse.pk}:{item.pk}",
                district_id=warehouse.district_id,
                kecamatan_id=kecamatan_of.get(warehouse.pk),
                title=_("%(item)s below minimum at %(warehouse)s") % {"item": item.name, "warehouse": warehouse.name},
                severity=Severity.SEVERE if row.on_hand <= 0 else Severity.MODERATE,
                detail=_("%(on_hand)s %(unit)s in stock; the minimum is %(minimum)s %(unit)s.")
                % {"on_hand": number(row.on_hand), "minimum": number(row.minimum), "unit": item.unit},
                subject=warehouse,
                subject_label=f"{warehouse.name} · {item.name}",
            )

    def refresh_fields(self) -> tuple[str, ...]:
        return ("severity", "detail")


@register
class LotExpiringRule(Rule):
    code = "lot_expiring"
    label = gettext_lazy("Lot expiring")
    resolution_note = gettext_lazy("The lot is no longer in stock there.")

    def evaluate(self, *, district_ids: Iterable[int] | None = None) -> Iterable[Condition]:
        # One query at the widest window; each district's own window is applied in Python.
        windows = dict(DistrictAlertSettings.objects.values_list("district_id", "expiry_warning_days"))
        widest = max([DEFAULT_EXPIRY_WARNING_DAYS, *windows.values()])
        balances = expiring_lots(within_days=widest, district_ids=district_ids).select_related("warehouse__district")
        kecamatan_of = _single_kecamatan(set(balances.values_list("warehouse_id", flat=True)))
        for balance in balances:
            warehouse, lot, item = balance.warehouse, balance.lot, balance.item
            days_left = (lot.expiry_date - local_today(warehouse.district.timezone)).days
            if days_left > windows.get(warehouse.district_id, DEFAULT_EXPIRY_WARNING_DAYS):
                continue
            yield Condition(
                key=f"{self.code}:{warehouse.pk}:{lot.pk}",
                district_id=warehouse.district_id,
                kecamatan_id=kecamatan_of.get(warehouse.pk),
                title=(
                    _("%(item)s expired at %(warehouse)s")
                    if days_left < 0
                    else _("%(item)s expires soon at %(warehouse)s")
                )
                % {"item": item.name, "warehouse": warehouse.name},
                severity=Severity.SEVERE if days_left < 0 else Severity.MODERATE,
                detail=_("%(quantity)s %(unit)s of the lot expiring on %(date)s; issue it first or write it off.")
                % {"quantity": number(balance.quantity), "unit": item.unit, "date": day(lot.expiry_date)},
                subject=lot,
                subject_label=f"{warehouse.name} · {item.name} · {day(lot.expiry_date)}",
            )

    def refresh_fields(self) -> tuple[str, ...]:
        return ("title", "severity", "detail")
