"""Admin: escalation policies and district settings are data officials revise."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from kencana.core.admin import AnnouncesChanges

from .models import (
    Alert,
    CapMessage,
    Delivery,
    DeliveryAttempt,
    DistrictAlertSettings,
    DistrictChannel,
    EscalationPolicy,
    EscalationStep,
    HazardWarning,
    MessagingContact,
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


@admin.register(DistrictChannel)
class DistrictChannelAdmin(admin.ModelAdmin):
    list_display = ("district", "provider", "active", "credential", "credential_set", "group_address")
    list_filter = ("provider", "active")
    readonly_fields = ("credential_set", "inbound_secret_set")

    @admin.display(description=_("credential"))
    def credential_set(self, obj: DistrictChannel) -> str:
        return _masked(obj.secret())

    @admin.display(description=_("inbound secret"))
    def inbound_secret_set(self, obj: DistrictChannel) -> str:
        return _masked(obj.inbound_secret_value())


def _masked(secret: str) -> str:
    """Enough to tell two secrets apart, never enough to use one."""
    if not secret:
        return str(_("not set in MESSAGING_SECRETS"))
    return "•" * 8 + secret[-4:] if len(secret) > 12 else "•" * 8


@admin.register(MessagingContact)
class MessagingContactAdmin(admin.ModelAdmin):
    list_display = ("user", "channel", "address", "verified_at")
    list_filter = ("channel",)
    exclude = ("code_hash",)
    readonly_fields = ("code_sent_at", "code_tries", "verified_at")
