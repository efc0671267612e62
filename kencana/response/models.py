"""The response phase: disaster events, the Bupati's emergency decrees, the work an activated
quick-response card turns into, impact reports per desa, casualties by name, and situation reports.

An :class:`Event` belongs to one district (the BPBD that records it) and covers some of its
kecamatan and desa. Its emergency level is the level of its latest :class:`Decree`. Impact
reports are versioned per desa (a new report supersedes the previous one, every version is
kept) and go through the readiness reports' submit → return → verify flow. A :class:`Sitrep`
keeps the figures it was issued with (``data``), so later reports never change it.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from kencana.readiness.models import OPEN_STATES, ReportState

__all__ = [
    "Activation",
    "Casualty",
    "ChronologyEntry",
    "Decree",
    "EmergencyLevel",
    "Event",
    "EventStatus",
    "ImpactReport",
    "ReportState",
    "ResponseSettings",
    "ServiceStatus",
    "Sitrep",
    "Task",
    "TaskState",
]

DEFAULT_DECREE_WARNING_DAYS = 2


class EventStatus(models.TextChoices):
    MONITORING = "monitoring", _("Monitoring")
    EMERGENCY = "emergency", _("Emergency")
    CLOSED = "closed", _("Closed")


class EmergencyLevel(models.TextChoices):
    """The three emergency statuses a Bupati's decree declares."""

    ALERT = "siaga", _("Siaga darurat (emergency alert)")
    RESPONSE = "tanggap", _("Tanggap darurat (emergency response)")
    TRANSITION = "transisi", _("Transisi darurat ke pemulihan (transition to recovery)")


class ResponseSettings(models.Model):
    """What a district decides about its response: how early an ending emergency period is flagged."""

    district = models.OneToOneField(
        "kecamatan.District", on_delete=models.CASCADE, related_name="response_settings", verbose_name=_("district")
    )
    decree_warning_days = models.PositiveSmallIntegerField(
        _("warn before an emergency period ends (days)"),
        default=DEFAULT_DECREE_WARNING_DAYS,
        validators=[MaxValueValidator(30)],
        help_text=_("An emergency whose period ends within this many days, with no extension yet, raises an alert."),
    )

    class Meta:
        verbose_name = _("response settings")
        verbose_name_plural = _("response settings")

    def __str__(self) -> str:
        return str(self.district)


class Event(models.Model):
    """A disaster event (kejadian bencana) in one district: where, since when, and how serious."""

    district = models.ForeignKey(
        "kecamatan.District", on_delete=models.PROTECT, related_name="disaster_events", verbose_name=_("district")
    )
    number = models.CharField(pgettext_lazy("serial", "number"), max_length=40, unique=True)
    hazard = models.ForeignKey("kecamatan.Hazard", on_delete=models.PROTECT, related_name="+", verbose_name=_("hazard"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("summary"), blank=True)
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.MONITORING)
    kecamatan = models.ManyToManyField(
        "kecamatan.Kecamatan", related_name="disaster_events", verbose_name=_("kecamatan affected")
    )
    desa = models.ManyToManyField(
        "kecamatan.Desa", blank=True, related_name="disaster_events", verbose_name=_("desa affected")
    )
    source_alert = models.ForeignKey(
        "alerts.Alert",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened from alert"),
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Per-event counters, taken with a conditional update (see services/common.py).
    last_task_number = models.PositiveIntegerField(default=0)
    last_sitrep_number = models.PositiveIntegerField(default=0)
    # The CAP messages published about the event: [{"sequence", "sent", "type"}], oldest first.
    cap_log = models.JSONField(default=list, blank=True)

    history = HistoricalRecords(m2m_fields=[kecamatan, desa], excluded_fields=["cap_log"])

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("disaster event")
        verbose_name_plural = _("disaster events")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in EventStatus]), name="response_event_status_known"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="response_event_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["district", "status"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_closed(self) -> bool:
        return self.status == EventStatus.CLOSED


class ChronologyEntry(models.Model):
    """One line of the event's chronology (kronologi): what happened when."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="chronology")
    at = models.DateTimeField(_("when"))
    text = models.CharField(_("what happened"), max_length=500)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["event", "at", "pk"]
        verbose_name = _("chronology entry")
        verbose_name_plural = _("chronology")

    def __str__(self) -> str:
        return self.text


def _decree_path(instance: "Decree", filename: str) -> str:
    """A random name: the uploader's name is kept in the database, never on the disk."""
    return f"response/decrees/{uuid.uuid4().hex}{PurePosixPath(filename).suffix.lower()[:8]}"


class Decree(models.Model):
    """A decree of the Bupati (SK) declaring an emergency level for a period; an extension is a new decree."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="decrees", verbose_name=_("event"))
    number = models.CharField(_("decree number"), max_length=100)
    signed_on = models.DateField(_("signed on"))
    level = models.CharField(_("emergency status"), max_length=10, choices=EmergencyLevel.choices)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    follows = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("follows decree"),
        help_text=_("The decree in force when this one was recorded: this one extends or changes it."),
    )
    file = models.FileField(_("scanned decree"), upload_to=_decree_path, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords(excluded_fields=["file"])

    class Meta:
        ordering = ["event", "period_start", "pk"]
        verbose_name = _("emergency decree")
        verbose_name_plural = _("emergency decrees")
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="response_decree_number_unique"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="response_decree_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(level__in=[level.value for level in EmergencyLevel]), name="response_decree_level_known"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_extension(self) -> bool:
        return self.follows_id is not None and self.follows.level == self.level

    @property
    def days(self) -> int:
        return (self.period_end - self.period_start).days + 1


class Activation(models.Model):
    """A kecamatan's quick-response card put to work for an event: each step became a task."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="activations")
    card = models.ForeignKey(
        "plans.QuickResponseCard", on_delete=models.PROTECT, related_name="activations", verbose_name=_("card")
    )
    kecamatan = models.ForeignKey("kecamatan.Kecamatan", on_delete=models.PROTECT, related_name="+")
    activated_at = models.DateTimeField(_("activated at"))
    activated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["event", "activated_at", "pk"]
        verbose_name = _("card activation")
        verbose_name_plural = _("card activations")
        constraints = [models.UniqueConstraint(fields=["event", "card"], name="response_card_activated_once")]

    def __str__(self) -> str:
        return f"{self.event.number}: {self.card}"


class TaskState(models.TextChoices):
    OPEN = "open", _("Waiting for acknowledgement")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("task", "Acknowledged")
    STARTED = "started", pgettext_lazy("task", "Started")
    DONE = "done", _("Done")
    NOT_POSSIBLE = "not_possible", _("Not possible")


class Task(models.Model):
    """Work the response needs now: a card step or a pulled action item, due by a time, numbered per event.

    The short number (``AMBIL 12``) is what people say and type; ``kecamatan`` is empty for a
    task of the district's own plan, which BPBD alone see.
    """

    FINISHED = (TaskState.DONE, TaskState.NOT_POSSIBLE)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("event"))
    number = models.PositiveIntegerField(pgettext_lazy("serial", "number"))
    kecamatan = models.ForeignKey(
        "kecamatan.Kecamatan", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    activation = models.ForeignKey(Activation, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks")
    step = models.ForeignKey("plans.CardStep", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action_item = models.ForeignKey(
        "plans.ActionItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="response_tasks"
    )
    title = models.CharField(_("what"), max_length=300)
    role = models.CharField(_("who (role)"), max_length=120, blank=True)
    agency = models.ForeignKey("plans.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    assignees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="response_tasks")
    due_at = models.DateTimeField(_("due at"))
    state = models.CharField(_("state"), max_length=14, choices=TaskState.choices, default=TaskState.OPEN)
    acknowledged_at = models.DateTimeField(pgettext_lazy("task", "acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("why it was not possible"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords(m2m_fields=[assignees])

    class Meta:
        ordering = ["event", "due_at", "number"]
        verbose_name = _("response task")
        verbose_name_plural = _("response tasks")
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="response_task_number_unique"),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in TaskState]), name="response_task_state_known"
            ),
            models.CheckConstraint(
                condition=~Q(state="not_possible") | ~Q(reason=""), name="response_task_not_possible_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["state", "due_at"])]

    def __str__(self) -> str:
        return f"#{self.number} {self.title}"

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED

    def is_late(self, now=None) -> bool:
        return not self.is_finished and self.due_at < (now or timezone.now())


class ServiceStatus(models.TextChoices):
    UNKNOWN = "", _("Unknown")
    NORMAL = "normal", _("Normal")
    DISRUPTED = "disrupted", _("Disrupted")
    CUT = "cut", _("Cut off")


# The counted figures of an impact report, in the order the forms, totals and exports use.
PEOPLE_FIELDS = (
    "dead",
    "missing",
    "injured_severe",
    "injured_light",
    "displaced_shelter_people",
    "displaced_shelter_households",
    "displaced_host_people",
    "displaced_host_households",
)
DAMAGE_FIELDS = (
    "houses_heavy",
    "houses_moderate",
    "houses_light",
    "schools",
    "health_facilities",
    "worship_places",
    "bridges",
)
COUNT_FIELDS = PEOPLE_FIELDS + DAMAGE_FIELDS
FIGURE_FIELDS = (*COUNT_FIELDS, "roads_km")
STATUS_FIELDS = ("access", "power", "water", "communication")


def _count(label):
    return models.PositiveIntegerField(label, default=0, validators=[MaxValueValidator(10_000_000)])


class ImpactReport(models.Model):
    """A desa's casualties and damage as of a moment, filed by the kecamatan officer, reviewed by BPBD.

    Each desa has a line of versions: ``version`` counts them, ``supersedes`` points to the one
    before. The figures of a desa at a moment are those of its latest verified version then.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="impact_reports", verbose_name=_("event"))
    desa = models.ForeignKey("kecamatan.Desa", on_delete=models.PROTECT, related_name="+", verbose_name=_("desa"))
    kecamatan = models.ForeignKey("kecamatan.Kecamatan", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    as_of = models.DateTimeField(_("figures as of"))
    dead = _count(_("dead"))
    missing = _count(pgettext_lazy("person", "missing"))
    injured_severe = _count(_("injured (severe)"))
    injured_light = _count(_("injured (light)"))
    displaced_shelter_people = _count(_("displaced in shelters (people)"))
    displaced_shelter_households = _count(_("displaced in shelters (households)"))
    displaced_host_people = _count(_("displaced with host families (people)"))
    displaced_host_households = _count(_("displaced with host families (households)"))
    houses_heavy = _count(_("houses heavily damaged"))
    houses_moderate = _count(_("houses moderately damaged"))
    houses_light = _count(_("houses lightly damaged"))
    schools = _count(_("schools damaged"))
    health_facilities = _count(_("health facilities damaged"))
    worship_places = _count(_("places of worship damaged"))
    bridges = _count(_("bridges damaged"))
    roads_km = models.DecimalField(
        _("roads damaged (km)"),
        max_digits=8,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100_000)],
    )
    access = models.CharField(_("road access"), max_length=10, choices=ServiceStatus.choices, blank=True)
    power = models.CharField(_("electricity"), max_length=10, choices=ServiceStatus.choices, blank=True)
    water = models.CharField(_("clean water"), max_length=10, choices=ServiceStatus.choices, blank=True)
    communication = models.CharField(_("communication"), max_length=10, choices=ServiceStatus.choices, blank=True)
    urgent_needs = models.CharField(_("urgent needs"), max_length=500, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_note = models.TextField(_("note to the officer"), blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "kecamatan__code", "desa__code", "-version"]
        verbose_name = _("impact report")
        verbose_name_plural = _("impact reports")
        constraints = [
            models.UniqueConstraint(fields=["event", "desa", "version"], name="response_impact_version_unique"),
            # One version of a desa is worked on at a time; a new one starts once it is verified.
            models.UniqueConstraint(
                fields=["event", "desa"],
                condition=Q(state__in=["draft", "submitted", "returned"]),
                name="response_impact_one_open_per_desa",
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in ReportState]), name="response_impact_state_known"
            ),
            models.CheckConstraint(condition=Q(roads_km__gte=0), name="response_impact_roads_not_negative"),
        ]
        indexes = [models.Index(fields=["event", "state"])]

    def __str__(self) -> str:
        return f"{self.desa.name} v{self.version}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def injured(self) -> int:
        return self.injured_severe + self.injured_light

    @property
    def displaced(self) -> int:
        return self.displaced_shelter_people + self.displaced_host_people


class Casualty(models.Model):
    """A person dead or missing, by name. BPBD roles only read and write this list."""

    class Status(models.TextChoices):
        DEAD = "dead", _("Dead")
        MISSING = "missing", pgettext_lazy("person", "Missing")
        FOUND_ALIVE = "found_alive", _("Found alive")

    class Sex(models.TextChoices):
        MALE = "m", _("Male")
        FEMALE = "f", _("Female")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="casualties", verbose_name=_("event"))
    desa = models.ForeignKey("kecamatan.Desa", on_delete=models.PROTECT, related_name="+", verbose_name=_("desa"))
    name = models.CharField(_("name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True, validators=[MaxValueValidator(130)])
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    where_found = models.CharField(_("where found"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "status", "name", "pk"]
        verbose_name = _("casualty")
        verbose_name_plural = _("casualties")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["dead", "missing", "found_alive"]), name="casualty_status_known"
            ),
            models.CheckConstraint(condition=Q(sex__in=["m", "f"]), name="casualty_sex_known"),
        ]

    def __str__(self) -> str:
        return self.name


class Sitrep(models.Model):
    """A numbered situation report (laporan situasi), frozen when issued: ``data`` never changes."""

    class Kind(models.TextChoices):
        INITIAL = "awal", _("Initial report (laporan awal)")
        PERIODIC = "berkala", _("Periodic report (laporan berkala)")
        FINAL = "akhir", _("Final report (laporan akhir)")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sitreps", verbose_name=_("event"))
    number = models.PositiveIntegerField(pgettext_lazy("serial", "number"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    as_of = models.DateTimeField(_("data as of"))
    assessment = models.TextField(_("assessment"), blank=True)
    needs_gaps = models.TextField(_("needs and gaps"), blank=True)
    data = models.JSONField(_("frozen data"))
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["event", "number"]
        verbose_name = _("situation report")
        verbose_name_plural = _("situation reports")
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="response_sitrep_number_unique"),
            models.UniqueConstraint(fields=["event"], condition=Q(kind="akhir"), name="response_one_final_sitrep"),
            models.CheckConstraint(
                condition=Q(kind__in=["awal", "berkala", "akhir"]), name="response_sitrep_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event.number} · {self.number}"
