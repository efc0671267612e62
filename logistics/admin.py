"""Admin for reference data (items, needs profiles, reasons, settings, warehouses). The ledger is read-only here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kencana.core.admin import AnnouncesChanges

from .models import (
    AdjustmentReason,
    Balance,
    DistrictNeedsProfile,
    Document,
    DocumentLine,
    Item,
    LogisticsSettings,
    Lot,
    MinimumStock,
    Movement,
    NeedsProfile,
    NeedsProfileLine,
    Request,
    Warehouse,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Stock changes only through documents posted by the services: nothing is added, edited or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Warehouse)
class WarehouseAdmin(AnnouncesChanges, SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "district", "keeper", "is_active")
    list_filter = ("district", "kind", "is_active")
    search_fields = ("code", "name")
    filter_horizontal = ("kecamatan_served",)


@admin.register(Item)
class ItemAdmin(AnnouncesChanges, SimpleHistoryAdmin):
    list_display = ("code", "name_id", "name_en", "category", "unit", "kind", "perishable", "is_active")
    list_filter = ("category", "kind", "perishable", "is_active")
    search_fields = ("code", "name_id", "name_en")


class NeedsProfileLineInline(admin.TabularInline):
    model = NeedsProfileLine
    extra = 0


@admin.register(NeedsProfile)
class NeedsProfileAdmin(AnnouncesChanges, SimpleHistoryAdmin):
    list_display = ("code", "name", "source", "is_active")
    inlines = [NeedsProfileLineInline]


@admin.register(NeedsProfileLine)
class NeedsProfileLineAdmin(AnnouncesChanges, SimpleHistoryAdmin):
    list_display = ("profile", "item", "quantity", "per_count", "basis", "period", "initial_days", "initial_quantity")
    list_filter = ("profile",)


@admin.register(DistrictNeedsProfile)
class DistrictNeedsProfileAdmin(AnnouncesChanges, SimpleHistoryAdmin):
    list_display = ("district", "profile")


@admin.register(AdjustmentReason)
class AdjustmentReasonAdmin(admin.ModelAdmin):
    list_display = ("code", "name_id", "name_en", "direction", "is_active", "sort_order")


@admin.register(LogisticsSettings)
class LogisticsSettingsAdmin(AnnouncesChanges, SimpleHistoryAdmin):
    list_display = ("district", "buffer_days", "planning_share_percent")


@admin.register(MinimumStock)
class MinimumStockAdmin(AnnouncesChanges, SimpleHistoryAdmin):
    list_display = ("warehouse", "item", "mode", "fixed_quantity")
    list_filter = ("warehouse__district", "mode")


class DocumentLineInline(admin.TabularInline):
    model = DocumentLine
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("number", "kind", "status", "warehouse", "business_date", "created_at")
    list_filter = ("kind", "status", "district")
    search_fields = ("number", "handover_number")
    inlines = [DocumentLineInline]


@admin.register(Movement)
class MovementAdmin(ReadOnlyAdmin):
    list_display = ("document", "warehouse", "item", "lot", "quantity", "business_date", "recorded_at")
    list_filter = ("warehouse__district", "warehouse")
    list_select_related = ("document", "warehouse", "item", "lot__item")


@admin.register(Balance)
class BalanceAdmin(ReadOnlyAdmin):
    list_display = ("warehouse", "item", "lot", "quantity", "updated_at")
    list_filter = ("warehouse__district", "warehouse")
    list_select_related = ("warehouse", "item", "lot__item")


@admin.register(Lot)
class LotAdmin(ReadOnlyAdmin):
    list_display = ("item", "expiry_date", "funding_source", "received_on", "reference", "inventory_number")
    list_filter = ("district", "funding_source")
    search_fields = ("inventory_number", "reference")


@admin.register(Request)
class RequestAdmin(ReadOnlyAdmin):
    list_display = ("number", "kecamatan", "status", "people_affected", "created_at")
    list_filter = ("district", "status")
    search_fields = ("number",)
