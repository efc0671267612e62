"""Reads of alerts and notifications, scoped by user.

BPBD staff and admins see their district's alerts; officers see the alerts of
their kecamatan; anything else is not found.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from kecamatan.models import District
from kencana.accounts.models import User
from kencana.accounts.scope import districts_for, kecamatan_for

from .models import (
    Alert,
    CapMessage,
    Delivery,
    DistrictChannel,
    EscalationPolicy,
    HazardWarning,
    Notification,
    Severity,
)
from .notifications.outbox import DEFAULT_EMAIL_SEVERITIES


def alert_list(*, user: User) -> QuerySet[Alert]:
    if not (user and user.is_authenticated and user.is_active):
        return Alert.objects.none()
    if user.reads_like_bpbd:
        alerts = Alert.objects.filter(district__in=districts_for(user))
    else:
        alerts = Alert.objects.filter(kecamatan__in=kecamatan_for(user))
    return alerts.select_related("district", "kecamatan", "acknowledged_by", "resolved_by")


def alert_get(*, user: User, pk: int) -> Alert:
    return get_object_or_404(alert_list(user=user), pk=pk)


def public_alerts(*, district: District) -> QuerySet[Alert]:
    """What the district publishes: active hazard warnings and CAP-derived alerts."""
    return (
        Alert.objects.filter(district=district, public=True)
        .exclude(state=Alert.State.RESOLVED)
        .select_related("district", "kecamatan", "hazard")
        .order_by("-opened_at", "-pk")
    )


def published_alerts() -> QuerySet[Alert]:
    """Every public alert in any state: its CAP XML is open to anyone (a resolved one reads as a Cancel)."""
    return Alert.objects.filter(public=True).select_related("district", "kecamatan", "hazard")


def hazard_warning_list(*, user: User) -> QuerySet[HazardWarning]:
    if not (user and user.is_authenticated) or not user.reads_like_bpbd:
        return HazardWarning.objects.none()
    return (
        HazardWarning.objects.filter(district__in=districts_for(user))
        .select_related("hazard", "created_by", "cancelled_by")
        .prefetch_related("kecamatan")
    )


def cap_message_list(*, user: User) -> QuerySet[CapMessage]:
    """BPBD see their district's own imports and the configured sources' messages touching their
    district; overseers those of the districts they oversee."""
    if not (user and user.is_authenticated and user.is_active) or not user.reads_like_bpbd:
        return CapMessage.objects.none()
    if user.is_superuser:
        return CapMessage.objects.all()
    districts = districts_for(user)
    return CapMessage.objects.filter(
        Q(district__in=districts) | Q(district__isnull=True, kecamatan__district__in=districts)
    ).distinct()


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("alert")


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def delivery_list(*, alert: Alert) -> QuerySet[Delivery]:
    return alert.deliveries.prefetch_related("attempt_log").select_related("notification__user")


def escalation_policy_list(*, user: User) -> QuerySet[EscalationPolicy]:
    if not (user and user.is_authenticated) or not user.reads_like_bpbd:
        return EscalationPolicy.objects.none()
    return EscalationPolicy.objects.filter(district__in=districts_for(user)).prefetch_related("steps")


def email_severities_of(*, user: User) -> set[str]:
    """The severities for which the person gets email: saved choices over the defaults."""
    return channel_severities_of(user=user, channel="email")


def channel_severities_of(*, user: User, channel: str) -> set[str]:
    """The severities for which the person gets email (or Telegram, WhatsApp, SMS): saved choices over the defaults."""
    chosen = dict(user.notification_preferences.values_list("severity", channel))
    return {s for s in Severity.values if chosen.get(s, s in DEFAULT_EMAIL_SEVERITIES)}


def messaging_channels_of(*, user: User) -> list[str]:
    """The phone channels (telegram, whatsapp, sms) the person's district has set up."""
    if not user.district_id:
        return []
    return list(
        DistrictChannel.objects.filter(district_id=user.district_id, active=True)
        .order_by("provider")
        .values_list("provider", flat=True)
    )
