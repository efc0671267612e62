"""Agencies, action plans and quick-response cards (rencana aksi cepat) of a district and its kecamatan."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kencana.core.uploads import safe_download_name
from kencana.library.models import LibraryTemplate, LibraryVersion

DEFAULT_CARD_REVIEW_DAYS = 180


class PlanSettings(models.Model):
    """What a district decides about its plans: how old a quick-response card may get before review."""

    district = models.OneToOneField(
        "kecamatan.District", on_delete=models.CASCADE, related_name="plan_settings", verbose_name=_("district")
    )
    card_review_days = models.PositiveSmallIntegerField(
        _("review cards every (days)"),
        default=DEFAULT_CARD_REVIEW_DAYS,
        validators=[MinValueValidator(7), MaxValueValidator(1095)],
        help_text=_("A quick-response card not reviewed for longer is flagged."),
    )

    class Meta:
        verbose_name = _("plan settings")
        verbose_name_plural = _("plan settings")

    def __str__(self) -> str:
        return str(self.district)


class Agency(models.Model):
    """An organisation that owns actions or answers the phone when disaster strikes."""

    class Kind(models.TextChoices):
        BPBD = "bpbd", _("BPBD")
        KECAMATAN = "kecamatan", _("Kecamatan office")
        PUSKESMAS = "puskesmas", _("Puskesmas")
        POLSEK = "polsek", _("Polsek")
        KORAMIL = "koramil", _("Koramil")
        DINSOS = "dinsos", _("Dinas Sosial")
        PMI = "pmi", _("PMI (Red Cross)")
        TAGANA = "tagana", _("Tagana")
        DAMKAR = "damkar", _("Fire brigade")
        DESA = "desa", _("Desa government")
        COMMUNITY = "community", _("Community group")
        OTHER = "other", _("Other")

    district = models.ForeignKey(
        "kecamatan.District", on_delete=models.CASCADE, related_name="agencies", verbose_name=_("district")
    )
    kecamatan = models.ForeignKey(
        "kecamatan.Kecamatan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agencies",
        verbose_name=_("kecamatan"),
        help_text=_("For agencies that serve one kecamatan (Puskesmas, Polsek, desa); empty for district-wide ones."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_role = models.CharField(_("contact's position"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="agency_name_unique_in_district")]

    def __str__(self) -> str:
        return self.name


class ActionPlan(models.Model):
    """A kecamatan's action plan, or the district's own when ``kecamatan`` is empty."""

    district = models.ForeignKey(
        "kecamatan.District", on_delete=models.CASCADE, related_name="action_plans", verbose_name=_("district")
    )
    kecamatan = models.OneToOneField(
        "kecamatan.Kecamatan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="action_plan",
        verbose_name=_("kecamatan"),
    )
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["district__code", "kecamatan__code"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.UniqueConstraint(
                fields=["district"], condition=models.Q(kecamatan__isnull=True), name="one_district_plan"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_district_plan(self) -> bool:
        return self.kecamatan_id is None


class ActionItem(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        BLOCKED = "blocked", _("Blocked")
        CANCELLED = "cancelled", _("Cancelled")

    class BudgetSource(models.TextChoices):
        NONE = "", _("No budget needed")
        APBD = "apbd", _("APBD")
        APBDES = "apbdes", _("APBDes")
        CSR = "csr", _("CSR")
        OTHER = "other", _("Other")

    CLOSED = (Status.DONE, Status.CANCELLED)

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan"))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    hazard = models.ForeignKey(
        "kecamatan.Hazard",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("hazard"),
    )
    owner_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("owner agency"),
    )
    owner_person = models.CharField(_("person in charge"), max_length=120, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    budget_source = models.CharField(
        _("budget source"), max_length=10, choices=BudgetSource.choices, blank=True, default=BudgetSource.NONE
    )
    budget_amount = models.DecimalField(
        _("budget (Rp)"), max_digits=15, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    note = models.TextField(_("latest note"), blank=True, help_text=_("What changed, what blocks it."))
    indicator = models.ForeignKey(
        "readiness.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("readiness indicator"),
        help_text=_("The readiness indicator this item should bring up to standard."),
    )
    source_report = models.ForeignKey(
        "readiness.Report",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("from report"),
        help_text=_("The readiness report whose weak answer suggested this item."),
    )
    template_item = models.ForeignKey(
        "PlanTemplateItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applied_items",
        verbose_name=_("from plan template"),
        help_text=_("The standard item of a plan template this item was added from."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="action_item_progress_0_100"),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(due_date__isnull=True)
                | models.Q(start_date__lte=models.F("due_date")),
                name="action_item_starts_before_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED


def _evidence_name(instance, filename: str) -> str:
    """A random name keeping only a known extension: the uploader's name never reaches the disk."""
    return f"plans/evidence/{secrets.token_hex(16)}.{instance.extension}"


class Evidence(models.Model):
    """A file that shows an action was done (photo, letter, minutes). Served only through a scoped view."""

    ALLOWED = {
        "pdf": "application/pdf",
        "jpg": "image/jpeg",
        "png": "image/png",
        "webp": "image/webp",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }

    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("item"))
    file = models.FileField(_("file"), upload_to=_evidence_name, max_length=200)
    extension = models.CharField(_("type"), max_length=5)
    original_name = models.CharField(_("original name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        return self.ALLOWED[self.extension]

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def download_name(self) -> str:
        return safe_download_name(self.original_name, self.extension, default="bukti")


class QuickResponseCard(models.Model):
    """Rencana aksi cepat: who does what, within how long, when a hazard's trigger fires in a kecamatan."""

    kecamatan = models.ForeignKey(
        "kecamatan.Kecamatan", on_delete=models.CASCADE, related_name="response_cards", verbose_name=_("kecamatan")
    )
    hazard = models.ForeignKey(
        "kecamatan.Hazard", on_delete=models.PROTECT, related_name="response_cards", verbose_name=_("hazard")
    )
    trigger = models.TextField(
        _("trigger"), help_text=_("When the card is used: a BMKG warning, a river level, a siaga darurat decree…")
    )
    assembly_points = models.TextField(_("assembly points"), blank=True, help_text=_("One per line."))
    evacuation_routes = models.TextField(_("evacuation routes"), blank=True, help_text=_("One per line."))
    extra_contacts = models.ManyToManyField(
        Agency,
        blank=True,
        related_name="+",
        verbose_name=_("other contacts"),
        help_text=_("Agencies to call that own no step."),
    )
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    source_version = models.ForeignKey(
        "CardTemplateVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applied_cards",
        verbose_name=_("from card template"),
        help_text=_("The published card template this card was written from."),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_used_for = models.CharField(
        _("last used for"), max_length=250, blank=True, help_text=_("The disaster event it was last activated for.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[extra_contacts])

    class Meta:
        ordering = ["kecamatan__code", "hazard__sort_order"]
        verbose_name = _("quick-response card")
        verbose_name_plural = _("quick-response cards")
        constraints = [models.UniqueConstraint(fields=["kecamatan", "hazard"], name="one_card_per_kecamatan_hazard")]

    def __str__(self) -> str:
        return f"{self.kecamatan.name}: {self.hazard}"

    @cached_property
    def roster(self) -> list[Agency]:
        """The contact roster: agencies owning a step, then the extra contacts, each once, as they are now."""
        seen, roster = set(), []
        for agency in [s.agency for s in self.steps.all() if s.agency] + list(self.extra_contacts.all()):
            if agency.pk not in seen and agency.is_active:
                seen.add(agency.pk)
                roster.append(agency)
        return roster


class CardStep(models.Model):
    card = models.ForeignKey(QuickResponseCard, on_delete=models.CASCADE, related_name="steps", verbose_name=_("card"))
    order = models.PositiveSmallIntegerField(_("order"))
    action = models.CharField(_("what"), max_length=300)
    role = models.CharField(_("who (role)"), max_length=120, help_text=_("E.g. Camat, Kasi Trantib, Kepala Desa."))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="card_steps", verbose_name=_("agency")
    )
    within_minutes = models.PositiveIntegerField(
        _("within (minutes after the trigger)"), validators=[MinValueValidator(0), MaxValueValidator(30 * 24 * 60)]
    )

    class Meta:
        ordering = ["card", "order"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [models.UniqueConstraint(fields=["card", "order"], name="card_step_order_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.action}"


# --- Template library: card and plan templates ---------------------------------------------------
#
# Built on the template library (``kencana.library``): a template is the lineage a
# district owns, a version one numbered edition of its content. ``kencana/plans/spec.py`` tells
# the library functions how to copy and compare the content below.

MAX_WITHIN_MINUTES = 30 * 24 * 60
MAX_DUE_OFFSET_DAYS = 3 * 365


def _version_constraints(prefix: str) -> list[models.BaseConstraint]:
    """At most one draft and one published version per template, and unique numbers."""
    return [
        models.UniqueConstraint(fields=["template", "number"], name=f"{prefix}_version_number_unique"),
        models.UniqueConstraint(
            fields=["template"], condition=models.Q(state="draft"), name=f"{prefix}_one_draft_per_template"
        ),
        models.UniqueConstraint(
            fields=["template"], condition=models.Q(state="published"), name=f"{prefix}_one_published_per_template"
        ),
    ]


class CardTemplate(LibraryTemplate):
    """A district's standard quick-response card for one hazard, shared and adopted through the library."""

    history = HistoricalRecords()

    class Meta(LibraryTemplate.Meta):
        verbose_name = _("card template")
        verbose_name_plural = _("card templates")


class CardTemplateVersion(LibraryVersion):
    template = models.ForeignKey(CardTemplate, on_delete=models.CASCADE, related_name="versions")
    hazard = models.ForeignKey(
        "kecamatan.Hazard",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="card_template_versions",
        verbose_name=_("hazard"),
    )
    trigger = models.TextField(
        _("trigger"),
        blank=True,
        help_text=_("When the card is used: a BMKG warning, a river level, a siaga darurat decree…"),
    )
    assembly_points = models.TextField(
        _("assembly point guidance"), blank=True, help_text=_("What makes a good assembly point; one line each.")
    )
    evacuation_routes = models.TextField(
        _("evacuation route guidance"), blank=True, help_text=_("How to choose and mark routes; one line each.")
    )

    history = HistoricalRecords()

    class Meta(LibraryVersion.Meta):
        verbose_name = _("card template version")
        verbose_name_plural = _("card template versions")
        constraints = _version_constraints("card_template")


class CardTemplateStep(models.Model):
    """One standard step; the agency is named by kind (and optionally by name) and resolved per district."""

    version = models.ForeignKey(
        CardTemplateVersion, on_delete=models.CASCADE, related_name="steps", verbose_name=_("version")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    action = models.CharField(_("what"), max_length=300)
    role = models.CharField(_("who (role)"), max_length=120, help_text=_("E.g. Camat, Kasi Trantib, Kepala Desa."))
    agency_kind = models.CharField(_("agency kind"), max_length=20, choices=Agency.Kind.choices, blank=True)
    agency_name = models.CharField(
        _("agency name contains"),
        max_length=150,
        blank=True,
        help_text=_("Optional: picks one agency of the kind by name, e.g. Pusdalops."),
    )
    within_minutes = models.PositiveIntegerField(
        _("within (minutes after the trigger)"),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_WITHIN_MINUTES)],
    )

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("card template step")
        verbose_name_plural = _("card template steps")
        constraints = [models.UniqueConstraint(fields=["version", "order"], name="card_template_step_order_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.action}"


class PlanTemplate(LibraryTemplate):
    """A district's list of standard action items, shared and adopted through the library."""

    history = HistoricalRecords()

    class Meta(LibraryTemplate.Meta):
        verbose_name = _("plan template")
        verbose_name_plural = _("plan templates")


class PlanTemplateVersion(LibraryVersion):
    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="versions")

    history = HistoricalRecords()

    class Meta(LibraryVersion.Meta):
        verbose_name = _("plan template version")
        verbose_name_plural = _("plan template versions")
        constraints = _version_constraints("plan_template")


class PlanTemplateItem(models.Model):
    """A standard action item: due ``due_offset_days`` after the day it is added to a plan."""

    version = models.ForeignKey(
        PlanTemplateVersion, on_delete=models.CASCADE, related_name="items", verbose_name=_("version")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=250)
    hazard = models.ForeignKey(
        "kecamatan.Hazard",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_template_items",
        verbose_name=_("hazard"),
    )
    owner_kind = models.CharField(_("owner agency kind"), max_length=20, choices=Agency.Kind.choices, blank=True)
    due_offset_days = models.PositiveSmallIntegerField(
        _("due after (days)"), validators=[MaxValueValidator(MAX_DUE_OFFSET_DAYS)]
    )
    budget_source = models.CharField(
        _("budget source"),
        max_length=10,
        choices=ActionItem.BudgetSource.choices,
        blank=True,
        default=ActionItem.BudgetSource.NONE,
    )

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("plan template item")
        verbose_name_plural = _("plan template items")
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="plan_template_item_order_unique"),
            # The title is the item's key when versions are compared and when a plan is filled twice.
            models.UniqueConstraint(fields=["version", "title"], name="plan_template_item_title_unique"),
        ]

    def __str__(self) -> str:
        return self.title
