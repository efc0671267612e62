"""Writing notifications and their deliveries: the outbox.

Everything here runs inside the caller's transaction, so a notification exists if
and only if the change that caused it was committed. Deliveries are enqueued only
after commit; if the broker is down then, they stay pending and the sweeper sends
them later.
"""

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from ..handoff import enqueue_deliveries
from ..models import Alert, Channel, Delivery, DistrictAlertSettings, Notification, NotificationPreference, Severity

# Without a saved preference, email goes out for the two highest severities only.
DEFAULT_EMAIL_SEVERITIES = frozenset({Severity.SEVERE, Severity.EXTREME})


def alert_link(alert: Alert) -> str:
    return reverse("alerts:detail", args=[alert.pk])


def email_wanted(*, user_ids: Iterable[int], severity: str) -> set[int]:
    """Of these people, those who want email for this severity (one query)."""
    user_ids = set(user_ids)
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, severity=severity).values_list("user_id", "email")
    )
    default = severity in DEFAULT_EMAIL_SEVERITIES
    return {uid for uid in user_ids if chosen.get(uid, default)}


def notify_users(
    *,
    users: Sequence,
    title: str,
    body: str = "",
    link: str = "",
    channels: Iterable[str] = (Channel.INBOX, Channel.EMAIL),
    alert: Alert | None = None,
    severity: str | None = None,
    webhook_recipients: Sequence | None = None,
) -> list[Notification]:
    """An inbox entry for each person, plus email and webhook deliveries as the channels say."""
    channels = set(channels)
    severity = severity or (alert.severity if alert else Severity.MODERATE)
    notifications = Notification.objects.bulk_create(
        [Notification(user=u, alert=alert, severity=severity, title=title[:255], body=body, link=link) for u in users]
    )
    deliveries = []
    if Channel.EMAIL in channels and notifications:
        wants_email = email_wanted(user_ids=[u.pk for u in users], severity=severity)
        for user, notification in zip(users, notifications, strict=True):
            if user.pk in wants_email and user.email:
                deliveries.append(
                    Delivery(
                        channel=Channel.EMAIL,
                        notification=notification,
                        alert=alert,
                        district_id=user.district_id or (alert.district_id if alert else None),
                        destination=user.email,
                        payload={"subject": title, "body": _email_body(body, link)},
                    )
                )
    if Channel.WEBHOOK in channels and alert is not None:
        url = DistrictAlertSettings.objects.filter(district_id=alert.district_id).values_list("webhook_url", flat=True)
        if url and url[0]:
            deliveries.append(
                Delivery(
                    channel=Channel.WEBHOOK,
                    alert=alert,
                    district_id=alert.district_id,
                    destination=url[0],
                    payload=webhook_payload(alert=alert, recipients=webhook_recipients or users),
                )
            )
    created = Delivery.objects.bulk_create(deliveries)
    ids = [d.pk for d in created]
    if ids:
        transaction.on_commit(lambda: enqueue_deliveries(ids))
    return notifications


def _email_body(body: str, link: str) -> str:
    return f"{body}\n\n{settings.SITE_URL.rstrip('/')}{link}" if link else body


def webhook_payload(*, alert: Alert, recipients: Sequence) -> dict:
    """The JSON a district gateway receives: the alert and whom to reach (with phone numbers)."""
    return {
        "event": "alert.escalated",
        "alert": {
            "id": alert.pk,
            "rule": alert.rule,
            "severity": alert.severity,
            "state": alert.state,
            "title": alert.title,
            "detail": alert.detail,
            "district": alert.district.code,
            "kecamatan": alert.kecamatan.code if alert.kecamatan_id else None,
            "opened_at": alert.opened_at.isoformat(),
            "url": f"{settings.SITE_URL.rstrip('/')}{alert_link(alert)}",
        },
        "step": alert.escalation_step,
        "recipients": [
            {"name": u.get_full_name() or u.username, "role": u.role, "phone": u.phone, "email": u.email}
            for u in recipients
        ],
    }
