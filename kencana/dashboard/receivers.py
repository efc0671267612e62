"""Bump a district's map generation whenever something its map shows changes (see ``cache.py``).

Loaded fixtures (``raw`` saves) are skipped: nothing is cached for data that is not there yet,
and a receiver must not query half-loaded rows.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from kecamatan.models import District, Hazard, Kecamatan, RiskProfile
from kencana.core import events
from kencana.plans.models import ActionItem, ActionPlan
from kencana.readiness.models import Assignment, Report, Template, TemplateVersion, TierThreshold
from logistics import signals as logistics
from logistics.models import Balance, Item, LogisticsSettings, Lot, MinimumStock, Norm, Warehouse

from . import cache


def _related_district(instance, relation: str, path: str) -> int | None:
    """The district id through a foreign key, without a query when the related row is loaded."""
    descriptor = getattr(type(instance), relation)
    if descriptor.is_cached(instance):
        return getattr(instance, relation).district_id
    model = descriptor.field.related_model
    return model.objects.filter(pk=getattr(instance, f"{relation}_id")).values_list(path, flat=True).first()


def _district_of(instance) -> int | None:
    if isinstance(instance, District):
        return instance.pk
    if isinstance(instance, Kecamatan | Warehouse | LogisticsSettings | Lot | Template | ActionPlan | Assignment):
        return instance.district_id
    if isinstance(instance, Report | RiskProfile):
        return _related_district(instance, "kecamatan", "district_id")
    if isinstance(instance, Balance | MinimumStock):
        return _related_district(instance, "warehouse", "district_id")
    if isinstance(instance, ActionItem):
        return _related_district(instance, "plan", "district_id")
    if isinstance(instance, TemplateVersion):
        return _related_district(instance, "template", "district_id")
    if isinstance(instance, TierThreshold):
        return (
            TemplateVersion.objects.filter(pk=instance.version_id)
            .values_list("template__district_id", flat=True)
            .first()
        )
    return None


PER_DISTRICT = (
    District,
    Kecamatan,
    Report,
    RiskProfile,
    Warehouse,
    Balance,
    MinimumStock,
    LogisticsSettings,
    Lot,
    Template,
    TemplateVersion,
    TierThreshold,
    ActionPlan,
    ActionItem,
    Assignment,
)
SHARED = (Hazard, Item, Norm)  # reference data every district's map may show


def on_change(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    if isinstance(instance, SHARED):
        cache.bump(None)
        return
    district_id = _district_of(instance)
    # A row whose district cannot be found any more (deleted with it) invalidates everything.
    cache.bump([district_id] if district_id is not None else None)


def on_kecamatan_set_changed(sender, instance, action, **kwargs) -> None:
    # Which kecamatan a store serves sets its population-based minimums; which kecamatan an
    # assignment covers sets the expected reports. The instance is the warehouse or assignment
    # or, when changed from the other side, the kecamatan: each carries the district.
    if action.startswith("post_"):
        cache.bump([instance.district_id])


def on_stock_changed(sender, district_id, **kwargs) -> None:
    # The ledger moves balances with bulk updates, which send no post_save.
    cache.bump([district_id])


def on_event(*, event, district_id: int | None = None, district_ids=(), **facts) -> None:
    """Any domain event drops the cached pages of the district(s) it names (all of them for None)."""
    cache.bump([district_id] if district_id is not None else district_ids)


def connect() -> None:
    for event in events.ALL:
        event.subscribe(on_event)
    for model in PER_DISTRICT + SHARED:
        post_save.connect(on_change, sender=model, dispatch_uid=f"dashboard.map.save.{model._meta.label}")
        post_delete.connect(on_change, sender=model, dispatch_uid=f"dashboard.map.delete.{model._meta.label}")
    m2m_changed.connect(
        on_kecamatan_set_changed, sender=Warehouse.kecamatan_served.through, dispatch_uid="dashboard.map.served"
    )
    m2m_changed.connect(
        on_kecamatan_set_changed, sender=Assignment.kecamatan.through, dispatch_uid="dashboard.map.assigned"
    )
    logistics.stock_changed.connect(on_stock_changed, dispatch_uid="dashboard.map.stock")
