"""Alerts, the warnings that raise them, escalation policies, and the notification outbox.

An alert is one condition about one place (a district, often one kecamatan) that
somebody must see. Rules open and auto-resolve alerts; escalation policies decide
who hears about them and when; notifications and deliveries are the outbox that
makes sure they do.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from kencana.accounts.models import NATIONAL_ROLES, PROVINCE_ROLES, Role

# Escalation notifies the district's chain of command; a desa facilitator or a school focal person is
# not on it, nor are BPBD Provinsi and BNPB, who follow districts from their homes.
NOTIFIED_ROLES = [
    (value, label)
    for value, label in Role.choices
    if value not in (Role.DESA_FACILITATOR, Role.SCHOOL_FOCAL, *PROVINCE_ROLES, *NATIONAL_ROLES)
]


class Severity(models.TextChoices):
    """CAP 1.2 severities, lowest first. Extreme alerts ignore quiet hours."""

    MINOR = "minor", _("Minor")
    MODERATE = "moderate", _("Moderate")
    SEVERE = "severe", _("Severe")
    EXTREME = "extreme", _("Extreme")

    @classmethod
    def rank(cls, value: str) -> int:
        return list(cls.values).index(value)


class Channel(models.TextChoices):
    INBOX = "inbox", _("In-app inbox")
    EMAIL = "email", _("Email")
    WEBHOOK = "webhook", _("District webhook")
    TELEGRAM = "telegram", _("Telegram")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")


# The channels that reach a person's phone: each needs a verified address and a district setup.
MESSAGING_CHANNELS = (Channel.TELEGRAM, Channel.WHATSAPP, Channel.SMS)


def channel_labels(channels: list[str]) -> list[str]:
    return [Channel(c).label for c in channels if c in Channel.values]


class DistrictAlertSettings(models.Model):
    """What a district decides about its notifications: quiet hours and its webhook."""

    district = models.OneToOneField(
        "kecamatan.District", on_delete=models.CASCADE, related_name="alert_settings", verbose_name=_("district")
    )
    quiet_start = models.TimeField(
        _("quiet hours start"), null=True, blank=True, help_text=_("Local time; leave empty for no quiet hours.")
    )
    quiet_end = models.TimeField(_("quiet hours end"), null=True, blank=True)
    webhook_url = models.URLField(
        _("webhook URL"), blank=True, help_text=_("Receives a JSON POST per escalation step, e.g. an SMS gateway.")
    )
    webhook_secret = models.CharField(
        _("webhook secret"),
        max_length=200,
        blank=True,
        help_text=_("Signs each POST (HMAC-SHA256 in the X-Kencana-Signature header)."),
    )

    expiry_warning_days = models.PositiveSmallIntegerField(
        _("warn of expiring lots (days ahead)"),
        default=30,
        validators=[MaxValueValidator(365)],
        help_text=_("A lot in stock that expires within this many days raises an alert."),
    )

    history = HistoricalRecords(excluded_fields=["webhook_secret"])

    class Meta:
        verbose_name = _("district alert settings")
        verbose_name_plural = _("district alert settings")

    def __str__(self) -> str:
        return str(self.district)


class EscalationPolicy(models.Model):
    """Ordered steps: wait, then notify a level through channels; repeated up to K times.

    The most specific policy wins: rule and severity, then rule, then severity, then
    the district's default (both empty).
    """

    district = models.ForeignKey(
        "kecamatan.District", on_delete=models.CASCADE, related_name="escalation_policies", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=120)
    rule = models.CharField(_("rule"), max_length=40, blank=True, help_text=_("Empty: any rule."))
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, blank=True, help_text=_("Empty: any severity.")
    )
    repeat = models.PositiveSmallIntegerField(
        _("repeat"),
        default=0,
        validators=[MaxValueValidator(10)],
        help_text=_("Run the steps again up to this many times."),
    )
    ack_timeout_minutes = models.PositiveIntegerField(
        _("acknowledgement timeout (minutes)"),
        null=True,
        blank=True,
        help_text=_("An acknowledged alert not resolved within this time escalates again. Empty: never."),
    )
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["district", "rule", "severity"]
        verbose_name = _("escalation policy")
        verbose_name_plural = _("escalation policies")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "rule", "severity"],
                condition=Q(active=True),
                name="escalation_policy_one_active_per_choice",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def snapshot(self) -> dict:
        """The policy as frozen onto an alert: later edits do not change running escalations."""
        return {
            "policy_id": self.pk,
            "name": self.name,
            "repeat": self.repeat,
            "ack_timeout_minutes": self.ack_timeout_minutes,
            "steps": [
                {"wait_minutes": s.wait_minutes, "level": s.level, "channels": list(s.channels)}
                for s in self.steps.order_by("order", "pk")
            ],
        }


class EscalationStep(models.Model):
    policy = models.ForeignKey(EscalationPolicy, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    wait_minutes = models.PositiveIntegerField(
        _("wait (minutes)"), default=0, help_text=_("After the previous step (or the alert opening).")
    )
    level = models.CharField(_("notify"), max_length=20, choices=NOTIFIED_ROLES)
    channels = models.JSONField(
        _("channels"), default=list, help_text=_("Any of: inbox, email, webhook, telegram, whatsapp, sms.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["policy", "order", "pk"]
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")

    def __str__(self) -> str:
        return f"{self.order}: {self.get_level_display()}"

    @property
    def channel_labels(self) -> list[str]:
        return channel_labels(self.channels)


class HazardWarning(models.Model):
    """A warning BPBD staff raise by hand for chosen kecamatan (e.g. siaga darurat banjir)."""

    class Status(models.TextChoices):
        ALERT = "siaga", _("Siaga darurat (alert)")
        RESPONSE = "tanggap", _("Tanggap darurat (emergency response)")
        TRANSITION = "transisi", _("Transisi darurat (transition to recovery)")
        WATCH = "waspada", _("Waspada (watch)")

    district = models.ForeignKey("kecamatan.District", on_delete=models.PROTECT, related_name="hazard_warnings")
    kecamatan = models.ManyToManyField(
        "kecamatan.Kecamatan", related_name="hazard_warnings", verbose_name=_("kecamatan")
    )
    hazard = models.ForeignKey("kecamatan.Hazard", on_delete=models.PROTECT, verbose_name=_("hazard"))
    status_level = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ALERT)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.SEVERE)
    title = models.CharField(_("title"), max_length=200)
    message = models.TextField(_("message"), blank=True)
    instruction = models.TextField(_("what people should do"), blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[kecamatan])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("hazard warning")
        verbose_name_plural = _("hazard warnings")

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None and self.expires_at > timezone.now()


class CapMessage(models.Model):
    """An imported CAP 1.2 message, kept with its original XML.

    Messages that update one another form a thread (``thread`` is the first
    message); only the thread's current message raises alerts. A message imported
    by a district's staff belongs to that district (``district``): its identity,
    its thread and its alerts are the district's own, so no other district can
    claim, update or cancel it. A message from a configured source (the feed poll,
    the command line) has no district and raises alerts wherever it matches.
    """

    class Source(models.TextChoices):
        UPLOAD = "upload", pgettext_lazy("CAP source", "Upload")
        COMMAND = "command", _("Command line")
        FEED = "feed", _("Feed poll")
        API = "api", _("API")

    identifier = models.CharField(_("identifier"), max_length=255)
    sender = models.CharField(_("sender"), max_length=255)
    district = models.ForeignKey(
        "kecamatan.District",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cap_messages",
        verbose_name=_("imported for district"),
        help_text=_("Empty for messages from a configured source (feed poll, command line)."),
    )
    sent = models.DateTimeField(_("sent"))
    status = models.CharField(_("status"), max_length=20)
    msg_type = models.CharField(_("message type"), max_length=20)
    scope = models.CharField(_("scope"), max_length=20)
    references = models.TextField(_("references"), blank=True)
    language = models.CharField(_("language"), max_length=20, blank=True)
    categories = models.JSONField(_("categories"), default=list, blank=True)
    event = models.CharField(_("event"), max_length=255, blank=True)
    headline = models.CharField(_("headline"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    instruction = models.TextField(_("instruction"), blank=True)
    sender_name = models.CharField(_("sender name"), max_length=255, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MODERATE)
    cap_severity = models.CharField(_("CAP severity"), max_length=20, blank=True)
    urgency = models.CharField(_("urgency"), max_length=20, blank=True)
    certainty = models.CharField(_("certainty"), max_length=20, blank=True)
    effective = models.DateTimeField(_("effective"), null=True, blank=True)
    onset = models.DateTimeField(_("onset"), null=True, blank=True)
    expires = models.DateTimeField(_("expires"), null=True, blank=True)
    area_desc = models.TextField(_("area description"), blank=True)
    areas = models.JSONField(_("areas"), default=dict, help_text=_("The CAP areas as a GeoJSON FeatureCollection."))
    kecamatan = models.ManyToManyField(
        "kecamatan.Kecamatan", blank=True, related_name="cap_messages", verbose_name=_("matched kecamatan")
    )
    match_note = models.TextField(_("import result"), blank=True)
    thread = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="thread_messages",
        verbose_name=_("thread"),
    )
    is_current = models.BooleanField(_("current"), default=True)
    xml = models.TextField(_("original XML"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.UPLOAD)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent", "-pk"]
        verbose_name = _("CAP message")
        verbose_name_plural = _("CAP messages")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "sender", "identifier"],
                condition=models.Q(district__isnull=False),
                name="cap_message_unique_per_district",
            ),
            models.UniqueConstraint(
                fields=["sender", "identifier"],
                condition=models.Q(district__isnull=True),
                name="cap_message_unique_from_sources",
            ),
        ]

    def __str__(self) -> str:
        return self.headline or self.event or self.identifier


class Alert(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Open")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        RESOLVED = "resolved", _("Resolved")

    rule = models.CharField(_("rule"), max_length=40, db_index=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    title = models.CharField(_("title"), max_length=255)
    detail = models.TextField(_("detail"), blank=True)
    dedupe_key = models.CharField(_("dedupe key"), max_length=200)
    public = models.BooleanField(
        _("public"), default=False, help_text=_("Published in the district's CAP feed (hazard warnings).")
    )
    # The subject is any object (a kecamatan, a warehouse, a report, a lot): a generic
    # reference plus a label, so the alert reads well even after the object changes.
    subject_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    subject_id = models.CharField(_("subject id"), max_length=64, blank=True)
    subject_label = models.CharField(_("subject"), max_length=255, blank=True)
    district = models.ForeignKey("kecamatan.District", on_delete=models.PROTECT, related_name="alerts")
    kecamatan = models.ForeignKey(
        "kecamatan.Kecamatan", on_delete=models.PROTECT, null=True, blank=True, related_name="alerts"
    )
    hazard = models.ForeignKey("kecamatan.Hazard", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.OPEN)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolution_note = models.TextField(_("resolution note"), blank=True)

    # Escalation: the policy frozen when escalation started, and how far it got.
    # ``escalation_step`` only ever grows; it is the guard that makes a stale or
    # duplicated tick notify once (see escalation.py).
    escalation = models.JSONField(_("escalation policy (frozen)"), null=True, blank=True)
    escalation_step = models.PositiveIntegerField(_("escalation step"), default=0)
    escalation_round_start = models.PositiveIntegerField(default=0)
    next_escalation_at = models.DateTimeField(_("next escalation"), null=True, blank=True, db_index=True)

    history = HistoricalRecords(
        excluded_fields=["escalation", "escalation_round_start", "next_escalation_at"],
    )

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"], condition=~Q(state="resolved"), name="alert_one_unresolved_per_key"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["open", "acknowledged", "resolved"]), name="alert_state_known"
            ),
        ]
        indexes = [models.Index(fields=["district", "state"]), models.Index(fields=["rule", "state"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.state != self.State.RESOLVED


class EscalationLog(models.Model):
    """One fired (or deferred, or empty) escalation step: what the timeline shows."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="escalation_log")
    step = models.PositiveIntegerField(_("step"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    level = models.CharField(_("level"), max_length=20, choices=NOTIFIED_ROLES, blank=True)
    channels = models.JSONField(_("channels"), default=list)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("escalation log entry")
        verbose_name_plural = _("escalation log")

    def __str__(self) -> str:
        return f"{self.alert_id}#{self.step}"

    @property
    def channel_labels(self) -> list[str]:
        return channel_labels(self.channels)


class NotificationPreference(models.Model):
    """Which channels a person wants for one severity. The inbox always receives."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    email = models.BooleanField(_("email"), default=False)
    telegram = models.BooleanField(_("Telegram"), default=False)
    whatsapp = models.BooleanField(_("WhatsApp"), default=False)
    sms = models.BooleanField(_("SMS"), default=False)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "severity"], name="notification_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.severity}"


class DistrictChannel(models.Model):
    """How one district talks through one messaging provider, out and in.

    Secrets never live in the database: ``credential`` and ``inbound_secret`` name entries
    of the ``MESSAGING_SECRETS`` setting (an environment variable), so a database dump or
    an admin screen never shows them.
    """

    district = models.ForeignKey(
        "kecamatan.District", on_delete=models.CASCADE, related_name="messaging_channels", verbose_name=_("district")
    )
    provider = models.CharField(
        _("provider"),
        max_length=10,
        choices=[(c.value, c.label) for c in MESSAGING_CHANNELS],
    )
    active = models.BooleanField(_("active"), default=True)
    api_url = models.URLField(
        _("API address"),
        help_text=_(
            "Telegram: https://api.telegram.org; WhatsApp: https://graph.facebook.com/v21.0; "
            "SMS: the gateway URL, with {to} and {text} where they belong."
        ),
    )
    sender_id = models.CharField(
        _("sender id"), max_length=100, blank=True, help_text=_("WhatsApp: the phone number id. SMS: the sender name.")
    )
    credential = models.CharField(
        _("credential name"),
        max_length=100,
        help_text=_("Name of the entry in MESSAGING_SECRETS holding the bot token, access token or gateway key."),
    )
    inbound_secret = models.CharField(
        _("inbound secret name"),
        max_length=100,
        blank=True,
        help_text=_(
            "Name of the entry in MESSAGING_SECRETS that authenticates incoming messages "
            "(WhatsApp app secret, Telegram secret token, SMS gateway shared secret)."
        ),
    )
    group_address = models.CharField(
        _("group"),
        max_length=100,
        blank=True,
        help_text=_("The district's group chat (Telegram chat id, WhatsApp group or number) that receives sitreps."),
    )
    template_name = models.CharField(
        _("approved template"),
        max_length=100,
        blank=True,
        help_text=_("WhatsApp: the approved template sent with the alert text as its one parameter."),
    )
    template_language = models.CharField(_("template language"), max_length=10, default="id", blank=True)
    sms_method = models.CharField(
        _("SMS method"), max_length=6, choices=[("POST", "POST"), ("GET", "GET")], default="POST"
    )
    sms_auth_header = models.CharField(
        _("SMS auth header"), max_length=60, blank=True, default="Authorization", help_text=_("Carries the credential.")
    )
    sms_body_template = models.TextField(
        _("SMS body template"),
        blank=True,
        default='{"to": "{to}", "text": "{text}", "from": "{sender}"}',
        help_text=_("JSON with {to}, {text} and {sender}; empty for a GET gateway."),
    )
    accept_public = models.BooleanField(
        _("accept reports from the public"),
        default=False,
        help_text=_("Otherwise only verified numbers of Kencana users may report."),
    )
    rate_per_minute = models.PositiveIntegerField(
        _("messages per minute"), default=30, validators=[MinValueValidator(1), MaxValueValidator(6000)]
    )

    class Meta:
        ordering = ["district", "provider"]
        verbose_name = _("messaging channel")
        verbose_name_plural = _("messaging channels")
        constraints = [models.UniqueConstraint(fields=["district", "provider"], name="district_channel_unique")]

    def __str__(self) -> str:
        return f"{self.district}: {self.get_provider_display()}"

    def secret(self) -> str:
        return settings.MESSAGING_SECRETS.get(self.credential, "")

    def inbound_secret_value(self) -> str:
        return settings.MESSAGING_SECRETS.get(self.inbound_secret, "") if self.inbound_secret else ""


class MessagingContact(models.Model):
    """A person's phone number or Telegram chat id for one channel, usable once verified by code."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messaging_contacts")
    channel = models.CharField(_("channel"), max_length=10, choices=[(c.value, c.label) for c in MESSAGING_CHANNELS])
    address = models.CharField(_("number or chat id"), max_length=40)
    code_hash = models.CharField(max_length=128, blank=True)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    code_tries = models.PositiveSmallIntegerField(default=0)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        ordering = ["user", "channel"]
        verbose_name = _("messaging contact")
        verbose_name_plural = _("messaging contacts")
        constraints = [
            models.UniqueConstraint(fields=["user", "channel"], name="messaging_contact_one_per_channel"),
            # Inbound messages are matched to a person by address: a verified one belongs to one person.
            models.UniqueConstraint(
                fields=["channel", "address"],
                condition=Q(verified_at__isnull=False),
                name="messaging_contact_verified_address_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.address}"


class Notification(models.Model):
    """A message to one person: their inbox entry, and the parent of its deliveries."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications")
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MODERATE)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """One message to send through one channel: the outbox row.

    Written in the same transaction as the change that caused it; a Celery task
    sends it (claiming it with a conditional update, so it is sent once), and a
    periodic sweeper re-enqueues what is still pending.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries")
    district = models.ForeignKey(
        "kecamatan.District", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    destination = models.CharField(_("destination"), max_length=500)
    payload = models.JSONField(_("payload"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, validators=[MinValueValidator(0)])
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sending", "sent", "failed"]), name="delivery_status_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.destination}"


class DeliveryAttempt(models.Model):
    """The delivery log: each try, with its outcome."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    ok = models.BooleanField(_("succeeded"))
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["delivery", "number"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self) -> str:
        return f"{self.delivery_id}#{self.number}"
