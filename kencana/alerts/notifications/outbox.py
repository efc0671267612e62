"""Writing notifications and their deliveries: the outbox.

Everything here runs inside the caller's transaction, so a notification exists if
and only if the change that caused it was committed. Deliveries are enqueued only
after commit; if the broker is down then, they stay pending and the sweeper sends
them later.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from ..channels import compose
from ..handoff import enqueue_deliveries
from ..models import (
    MESSAGING_CHANNELS,
    Alert,
    Channel,
    Delivery,
    DistrictAlertSettings,
    DistrictChannel,
    MessagingContact,
    Notification,
    NotificationPreference,
    Severity,
)

# Without a saved preference, email goes out for the two highest severities only.
DEFAULT_EMAIL_SEVERITIES = frozenset({Severity.SEVERE, Severity.EXTREME})


def alert_link(alert: Alert) -> str:
    return reverse("alerts:detail", args=[alert.pk])


def email_wanted(*, user_ids: Iterable[int], severity: str) -> set[int]:
    """Of these people, those who want email for this severity (one query)."""
    return channel_wanted(user_ids=user_ids, severity=severity, channel=Channel.EMAIL)


def channel_wanted(*, user_ids: Iterable[int], severity: str, channel: str) -> set[int]:
    """Of these people, those who want this channel for this severity (one query).

    Without a saved choice, email and the phone channels go out for the two highest severities.
    """
    user_ids = set(user_ids)
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, severity=severity).values_list("user_id", channel)
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
    notices = Notices()
    notices.add(
        users=users,
        title=title,
        body=body,
        link=link,
        channels=channels,
        alert=alert,
        severity=severity,
        webhook_recipients=webhook_recipients,
    )
    return notices.write()


@dataclass
class _Notice:
    users: Sequence
    title: str
    body: str
    link: str
    channels: set[str]
    alert: Alert | None
    severity: str
    webhook_recipients: Sequence
    notifications: list[Notification] = field(default_factory=list)


class Notices:
    """Notifications about several alerts written together, as an escalation tick sends them: the
    inbox entries in one INSERT, the e-mail choices read once per severity, the webhook addresses
    once, the deliveries in one INSERT. ``notify_users`` is a batch of one."""

    def __init__(self):
        self._pending: list[_Notice] = []

    def add(
        self,
        *,
        users: Sequence,
        title: str,
        body: str = "",
        link: str = "",
        channels: Iterable[str] = (Channel.INBOX, Channel.EMAIL),
        alert: Alert | None = None,
        severity: str | None = None,
        webhook_recipients: Sequence | None = None,
    ) -> None:
        severity = severity or (alert.severity if alert else Severity.MODERATE)
        self._pending.append(
            _Notice(list(users), title, body, link, set(channels), alert, severity, webhook_recipients or users)
        )

    def write(self) -> list[Notification]:
        """Write what was added; the notifications, in order."""
        notices, self._pending = self._pending, []
        created = iter(
            Notification.objects.bulk_create(
                [
                    Notification(
                        user=u, alert=n.alert, severity=n.severity, title=n.title[:255], body=n.body, link=n.link
                    )
                    for n in notices
                    for u in n.users
                ]
            )
        )
        for notice in notices:
            notice.notifications = [next(created) for _user in notice.users]
        deliveries = self._emails(notices) + self._webhooks(notices)
        for notice in notices:
            if notice.alert is not None:
                for channel in MESSAGING_CHANNELS:
                    if channel in notice.channels and notice.notifications:
                        deliveries += _phone_deliveries(
                            channel=channel,
                            users=notice.users,
                            notifications=notice.notifications,
                            alert=notice.alert,
                            severity=notice.severity,
                            link=notice.link,
                        )
        _write(deliveries)
        return [notification for notice in notices for notification in notice.notifications]

    @staticmethod
    def _emails(notices: list[_Notice]) -> list[Delivery]:
        emailed = [n for n in notices if Channel.EMAIL in n.channels and n.notifications]
        wanted: dict[str, set[int]] = {}
        for severity in {n.severity for n in emailed}:
            user_ids = {u.pk for n in emailed if n.severity == severity for u in n.users}
            wanted[severity] = email_wanted(user_ids=user_ids, severity=severity)
        return [
            Delivery(
                channel=Channel.EMAIL,
                notification=notification,
                alert=n.alert,
                district_id=user.district_id or (n.alert.district_id if n.alert else None),
                destination=user.email,
                payload={"subject": n.title, "body": _email_body(n.body, n.link)},
            )
            for n in emailed
            for user, notification in zip(n.users, n.notifications, strict=True)
            if user.pk in wanted[n.severity] and user.email
        ]

    @staticmethod
    def _webhooks(notices: list[_Notice]) -> list[Delivery]:
        hooked = [n for n in notices if Channel.WEBHOOK in n.channels and n.alert is not None]
        if not hooked:
            return []
        urls = dict(
            DistrictAlertSettings.objects.filter(district_id__in={n.alert.district_id for n in hooked})
            .exclude(webhook_url="")
            .values_list("district_id", "webhook_url")
        )
        return [
            Delivery(
                channel=Channel.WEBHOOK,
                alert=n.alert,
                district_id=n.alert.district_id,
                destination=urls[n.alert.district_id],
                payload=webhook_payload(alert=n.alert, recipients=n.webhook_recipients),
            )
            for n in hooked
            if urls.get(n.alert.district_id)
        ]


def _write(deliveries: list[Delivery]) -> list[Delivery]:
    created = Delivery.objects.bulk_create(deliveries)
    ids = [d.pk for d in created]
    if ids:
        transaction.on_commit(lambda: enqueue_deliveries(ids))
    return created


def _phone_deliveries(*, channel, users, notifications, alert: Alert, severity: str, link: str) -> list[Delivery]:
    """A delivery per verified address (per part, for SMS) of the people who want this channel."""
    if not DistrictChannel.objects.filter(district_id=alert.district_id, provider=channel, active=True).exists():
        return []
    wanted = channel_wanted(user_ids=[u.pk for u in users], severity=severity, channel=channel)
    addresses = dict(
        MessagingContact.objects.filter(user_id__in=wanted, channel=channel, verified_at__isnull=False).values_list(
            "user_id", "address"
        )
    )
    if not addresses:
        return []
    parts = compose.alert_message(
        head=compose.alert_head(
            severity_label=str(Severity(severity).label),
            title=alert.title,
            where=alert.kecamatan.name if alert.kecamatan_id else alert.district.name,
        ),
        body=alert.detail,
        link=f"{settings.SITE_URL.rstrip('/')}{link}" if link else "",
        channel=channel,
    )
    return [
        Delivery(
            channel=channel,
            notification=notification,
            alert=alert,
            district_id=alert.district_id,
            destination=addresses[user.pk],
            payload={"text": text, "template": True},
        )
        for user, notification in zip(users, notifications, strict=True)
        if user.pk in addresses
        for text in parts
    ]


def message_send(*, district_id: int, channel: str, destination: str, text: str) -> list[Delivery]:
    """A free text (a reply, a code, a sitrep) to one address through the outbox, split or shortened to fit.

    Runs in the caller's transaction like every outbox write; sent after commit.
    """
    if channel not in MESSAGING_CHANNELS:
        raise ValueError(_("Unknown channel: %(channel)s") % {"channel": channel})
    return _write(
        [
            Delivery(
                channel=channel,
                district_id=district_id,
                destination=destination,
                payload={"text": part, "template": False},
            )
            for part in compose.plain_message(text, channel=channel)
        ]
    )


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
