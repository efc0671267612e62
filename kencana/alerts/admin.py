"""Admin: escalation policies and district settings are data officials revise."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kencana.core.admin import AnnouncesChanges

from .models import (
    Alert,
    CapMessage,
    Delivery,
    DeliveryAttempt,
    DistrictAlertSettings,
    EscalationPolicy,
    EscalationStep,
    HazardWarning,
    Notification,
)


class EscalationStepInline(admin.TabularInline):
    model = EscalationStep
    extra = 1


@admin.register(EscalationPolicy)
class EscalationPolicyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "district", "rule", "severity", "repeat", "ack_timeout_minutes", "active"]
    list_filter = ["district", "active"]
    inlines = [EscalationStepInline]


@admin.register(DistrictAlertSettings)
class DistrictAlertSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["district", "quiet_start", "quiet_end", "webhook_url"]


@admin.register(Alert)
class AlertAdmin(AnnouncesChanges, SimpleHistoryAdmin):
    list_display = ["title", "rule", "severity", "state", "district", "kecamatan", "opened_at"]
    list_filter = ["state", "severity", "rule", "district"]
    search_fields = ["title", "dedupe_key"]
    raw_id_fields = ["acknowledged_by", "resolved_by", "kecamatan"]


@admin.register(HazardWarning)
class HazardWarningAdmin(SimpleHistoryAdmin):
    list_display = ["title", "district", "hazard", "severity", "expires_at", "cancelled_at"]
    list_filter = ["district", "hazard"]


@admin.register(CapMessage)
class CapMessageAdmin(admin.ModelAdmin):
    list_display = ["identifier", "sender", "sent", "msg_type", "status", "is_current"]
    search_fields = ["identifier", "headline"]
    raw_id_fields = ["thread", "imported_by"]
    filter_horizontal = ["kecamatan"]


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    readonly_fields = ["number", "started_at", "finished_at", "ok", "detail"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["pk", "channel", "destination", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "channel"]
    raw_id_fields = ["notification", "alert"]
    inlines = [DeliveryAttemptInline]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "severity", "created_at", "read_at"]
    raw_id_fields = ["user", "alert"]
