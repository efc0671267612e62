"""Warehouses, items, lots and the stock ledger; requests from the field.

Stock changes only through documents (receipt, dispatch, transfer, adjustment,
physical count). Each document posts append-only ``Movement`` lines; ``Balance``
keeps the current quantity per warehouse × lot, updated in the same transaction
(see ``logistics.services.ledger``). Stock as of a past date is a sum over
movements, and ``check_ledger`` verifies that balances equal that sum.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kencana.core.formats import day

QUANTITY = {"max_digits": 14, "decimal_places": 3}


class FundingSource(models.TextChoices):
    APBN = "apbn", "APBN"
    APBD_PROVINCE = "apbd_provinsi", _("APBD Provinsi")
    APBD_DISTRICT = "apbd_kabupaten", _("APBD Kabupaten")
    GRANT = "hibah", _("Grant (hibah)")
    CSR = "csr", "CSR"
    COMMUNITY = "masyarakat", _("Community (masyarakat)")


class Category(models.TextChoices):
    FOOD = "food", _("Food")
    CLOTHING = "clothing", _("Clothing")
    SHELTER = "shelter", _("Shelter")
    HYGIENE = "hygiene", _("Hygiene")
    WASH = "wash", _("Water and sanitation")
    HEALTH = "health", _("Health")
    KITCHEN = "kitchen", _("Kitchen")
    RESCUE = "rescue", _("Rescue equipment")
    POWER = "power", _("Power")
    COMMUNICATION = "communication", _("Communication")
    VEHICLES = "vehicles", _("Vehicles")
    HEAVY = "heavy", _("Heavy equipment")


class LocalizedName:
    """``name`` in the active language, from ``name_id`` / ``name_en``."""

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") and self.name_en else self.name_id

    def __str__(self) -> str:
        return self.name


class LogisticsSettings(models.Model):
    """Per-district planning parameters for derived minimum stock."""

    district = models.OneToOneField(
        "kecamatan.District", on_delete=models.CASCADE, related_name="logistics_settings", verbose_name=_("district")
    )
    buffer_days = models.PositiveSmallIntegerField(
        _("buffer days"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("Days of supply a warehouse keeps for the people it serves."),
    )
    planning_share_percent = models.DecimalField(
        _("planning share (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("5"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
        help_text=_("Share of the served population a warehouse plans for (people expected to be displaced)."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("logistics settings")
        verbose_name_plural = _("logistics settings")

    def __str__(self) -> str:
        return str(self.district)


class Warehouse(models.Model):
    class Kind(models.TextChoices):
        MAIN = "main", _("Main warehouse")
        DISTRIBUTION = "distribution", _("Distribution warehouse")
        KECAMATAN = "kecamatan", _("Kecamatan store")
        POSKO = "posko", _("Command-post store (posko)")

    district = models.ForeignKey(
        "kecamatan.District", on_delete=models.PROTECT, related_name="warehouses", verbose_name=_("district")
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    address = models.CharField(_("address"), max_length=250, blank=True)
    lat = models.FloatField(_("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)])
    lon = models.FloatField(_("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)])
    kecamatan_served = models.ManyToManyField(
        "kecamatan.Kecamatan", blank=True, related_name="warehouses", verbose_name=_("kecamatan served")
    )
    keeper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kept_warehouses",
        verbose_name=_("keeper"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[kecamatan_served])

    class Meta:
        ordering = ["district", "code"]
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        constraints = [models.UniqueConstraint(fields=["district", "code"], name="warehouse_code_per_district")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from .geo import location_error

        if self.district_id and self.lat is not None and self.lon is not None:
            error = location_error(district=self.district, lat=self.lat, lon=self.lon)
            if error:
                raise ValidationError({"lat": error})


class Item(LocalizedName, models.Model):
    class Kind(models.TextChoices):
        CONSUMABLE = "consumable", _("Consumable (logistik)")
        EQUIPMENT = "equipment", _("Equipment (peralatan)")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    unit = models.CharField(_("unit"), max_length=20, help_text=_("kg, liter, sheet, unit, pack…"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CONSUMABLE)
    perishable = models.BooleanField(_("perishable"), default=False, help_text=_("Lots must carry an expiry date."))
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["category", "code"]
        verbose_name = pgettext_lazy("stock", "item")
        verbose_name_plural = _("items")

    @property
    def is_equipment(self) -> bool:
        return self.kind == self.Kind.EQUIPMENT


class Basis(models.TextChoices):
    """Whom a needs profile line counts: its quantity is per N of these."""

    PERSON = "person", _("person")
    HOUSEHOLD = "household", _("household")
    UNDER_FIVE = "under_five", _("child under 5")
    ELDERLY = "elderly", _("person aged 60 or more")
    PREGNANT_BREASTFEEDING = "pregnant_breastfeeding", _("pregnant or breastfeeding woman")
    DISABLED = "disabled", _("person with a disability")


class Period(models.TextChoices):
    DAY = "day", _("a day")
    WEEK = "week", _("a week")
    ONCE = "once", _("once")


class NeedsProfile(models.Model):
    """A named set of needs per displaced person, household or vulnerable group (Perka BNPB 7/2008,
    Sphere 2018, ...): the one source of norms for shelters' needs, the needs calculator and
    derived minimum stock."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    source = models.CharField(_("source"), max_length=250, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("needs profile")
        verbose_name_plural = _("needs profiles")

    def __str__(self) -> str:
        return self.name


class NeedsProfileLine(models.Model):
    """``quantity`` of ``item`` per ``per_count`` people of ``basis`` per ``period``.

    ``initial_quantity`` applies instead during the first ``initial_days`` of a daily line
    (Sphere water: 7 L a day the first 3 days, then 15 L). A line "once" is a stock people keep
    (a family kit per 5 people, a toilet per 20): it is needed once, whatever the number of days.
    """

    profile = models.ForeignKey(NeedsProfile, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="+", verbose_name=pgettext_lazy("stock", "item")
    )
    quantity = models.DecimalField(_("quantity"), validators=[MinValueValidator(Decimal("0.001"))], **QUANTITY)
    per_count = models.PositiveIntegerField(_("per number of"), default=1, validators=[MinValueValidator(1)])
    basis = models.CharField(_("counted per"), max_length=30, choices=Basis.choices, default=Basis.PERSON)
    period = models.CharField(_("period"), max_length=10, choices=Period.choices, default=Period.DAY)
    initial_days = models.PositiveSmallIntegerField(_("initial days"), null=True, blank=True)
    initial_quantity = models.DecimalField(_("quantity in the initial days"), null=True, blank=True, **QUANTITY)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["profile", "item__code", "basis"]
        verbose_name = _("needs profile line")
        verbose_name_plural = _("needs profile lines")
        constraints = [
            models.UniqueConstraint(fields=["profile", "item", "basis"], name="needs_line_one_per_item_basis"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="needs_line_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.quantity}/{self.per_count} {self.get_basis_display()}"


class DistrictNeedsProfile(models.Model):
    """The profile a district uses unless an event chooses another."""

    district = models.OneToOneField("kecamatan.District", on_delete=models.CASCADE, related_name="needs_profile_choice")
    profile = models.ForeignKey(NeedsProfile, on_delete=models.PROTECT, related_name="+", verbose_name=_("profile"))
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.district}: {self.profile}"


class AdjustmentReason(LocalizedName, models.Model):
    class Direction(models.TextChoices):
        DECREASE = "decrease", _("Decreases stock")
        INCREASE = "increase", _("Increases stock")
        BOTH = "both", _("Either way")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.BOTH)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("adjustment reason")
        verbose_name_plural = _("adjustment reasons")


class Lot(models.Model):
    """One batch of an item as received: expiry, funding, paperwork. Equipment lots are single units."""

    district = models.ForeignKey("kecamatan.District", on_delete=models.PROTECT, related_name="lots")
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="lots", verbose_name=pgettext_lazy("stock", "item")
    )
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    funding_source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    received_on = models.DateField(_("received on"))
    reference = models.CharField(_("reference document"), max_length=120, blank=True)
    inventory_number = models.CharField(_("inventory number"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "expiry_date", "received_on", "pk"]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "inventory_number"],
                condition=~models.Q(inventory_number=""),
                name="lot_inventory_number_per_district",
            ),
            models.CheckConstraint(
                condition=models.Q(expiry_date__isnull=True) | models.Q(expiry_date__gte=models.F("received_on")),
                name="lot_expiry_after_receipt",
            ),
        ]
        indexes = [models.Index(fields=["district", "expiry_date"])]

    def __str__(self) -> str:
        """The item's name and what tells this lot apart: its inventory number, its expiry, or the
        day it came in, and who paid for it ("Beras · kedaluwarsa 5 Des 2026 · APBD Kabupaten")."""
        if self.inventory_number:
            which = self.inventory_number
        elif self.expiry_date:
            which = _("expires %(date)s") % {"date": day(self.expiry_date)}
        else:
            which = _("received %(date)s") % {"date": day(self.received_on)}
        return f"{self.item.name} · {which} · {self.get_funding_source_display()}"


class Document(models.Model):
    """A numbered stock document. Posting it writes its movements; it is never edited after."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Receipt")
        DISPATCH = "dispatch", _("Dispatch")
        TRANSFER = "transfer", _("Transfer")
        ADJUSTMENT = "adjustment", _("Adjustment")
        COUNT = "count", _("Physical count")
        DISTRIBUTION = "distribution", _("Distribution to people")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        POSTED = "posted", _("Posted")
        IN_TRANSIT = "in_transit", _("In transit")
        RECEIVED = "received", _("Received")

    district = models.ForeignKey("kecamatan.District", on_delete=models.PROTECT, related_name="stock_documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=40, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    warehouse = models.ForeignKey(
        Warehouse, on_delete=models.PROTECT, related_name="documents", verbose_name=_("warehouse")
    )
    destination_warehouse = models.ForeignKey(
        Warehouse,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incoming_documents",
        verbose_name=_("destination warehouse"),
    )
    destination_kecamatan = models.ForeignKey(
        "kecamatan.Kecamatan", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("destination kecamatan")
    )
    destination_text = models.CharField(_("destination"), max_length=200, blank=True)
    request = models.ForeignKey(
        "Request", on_delete=models.PROTECT, null=True, blank=True, related_name="dispatches", verbose_name=_("request")
    )
    count = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="adjustment", verbose_name=_("count")
    )
    reason = models.ForeignKey(
        AdjustmentReason, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("reason")
    )
    business_date = models.DateField(_("date"))
    supplier = models.CharField(_("supplier or sender"), max_length=200, blank=True)
    funding_source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices, blank=True)
    reference = models.CharField(_("reference document"), max_length=120, blank=True)
    vehicle = models.CharField(_("vehicle"), max_length=60, blank=True)
    driver = models.CharField(_("driver"), max_length=120, blank=True)
    driver_phone = models.CharField(_("driver's phone"), max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)
    # A distribution from a shelter's store: how many households received the goods.
    households_reached = models.PositiveIntegerField(_("households reached"), null=True, blank=True)
    idempotency_key = models.CharField(max_length=100, blank=True)
    # What the keyed request asked for (a hash): the same key with a different request is refused.
    idempotency_fingerprint = models.CharField(max_length=64, blank=True, db_default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    handover_number = models.CharField(_("handover report number"), max_length=40, blank=True)
    received_date = models.DateField(_("received on"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_by_name = models.CharField(_("received by"), max_length=120, blank=True)
    received_note = models.TextField(_("receipt note"), blank=True)
    receipt_idempotency_key = models.CharField(max_length=100, blank=True)
    receipt_idempotency_fingerprint = models.CharField(max_length=64, blank=True, db_default="")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-business_date", "-pk"]
        verbose_name = _("stock document")
        verbose_name_plural = _("stock documents")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="document_idempotency_key_per_district",
            ),
            models.UniqueConstraint(
                fields=["district", "receipt_idempotency_key"],
                condition=~models.Q(receipt_idempotency_key=""),
                name="document_receipt_key_per_district",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="adjustment") | models.Q(reason__isnull=False),
                name="document_adjustment_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["district", "kind", "status"])]

    def __str__(self) -> str:
        return self.number

    @property
    def is_shipment(self) -> bool:
        return self.kind in (self.Kind.DISPATCH, self.Kind.TRANSFER)

    @property
    def destination_label(self) -> str:
        parts = [str(p) for p in (self.destination_warehouse, self.destination_text) if p]
        if self.destination_kecamatan and not self.destination_warehouse:
            parts.append(f"Kec. {self.destination_kecamatan.name}")
        return " · ".join(parts)


class DocumentLine(models.Model):
    """What a document says: item, lot, quantity (sent, received, counted)."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="lines")
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="+", verbose_name=pgettext_lazy("stock", "item")
    )
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    received_quantity = models.DecimalField(_("received quantity"), null=True, blank=True, **QUANTITY)
    counted_quantity = models.DecimalField(_("counted quantity"), null=True, blank=True, **QUANTITY)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.item} × {self.quantity}"


class MovementQuerySet(models.QuerySet):
    """Posted ledger lines are never edited or deleted: corrections are new documents."""

    def update(self, **kwargs):
        raise ValidationError(_("Ledger lines cannot be changed."))

    def delete(self):
        raise ValidationError(_("Ledger lines cannot be deleted."))


class Movement(models.Model):
    """One append-only ledger line: a signed quantity of a lot in a warehouse on a business date."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="movements")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="movements")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="movements")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="movements")
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    business_date = models.DateField(_("date"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = MovementQuerySet.as_manager()

    class Meta:
        ordering = ["business_date", "recorded_at", "pk"]
        verbose_name = _("movement")
        verbose_name_plural = _("movements")
        constraints = [models.CheckConstraint(condition=~models.Q(quantity=0), name="movement_not_zero")]
        indexes = [
            models.Index(fields=["warehouse", "item", "business_date"]),
            models.Index(fields=["lot", "warehouse"]),
        ]

    def __str__(self) -> str:
        return f"{self.business_date} {self.item} {self.quantity:+}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Ledger lines cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Ledger lines cannot be deleted."))


class Balance(models.Model):
    """The current quantity of a lot in a warehouse; always the sum of its movements."""

    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="balances")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="balances")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="balances")
    quantity = models.DecimalField(_("quantity"), default=Decimal(0), **QUANTITY)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["warehouse", "item", "lot"]
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "lot"], name="balance_one_per_warehouse_lot"),
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="balance_not_negative"),
        ]
        indexes = [models.Index(fields=["warehouse", "item"])]

    def __str__(self) -> str:
        return f"{self.warehouse} · {self.lot}: {self.quantity}"


class MinimumStock(models.Model):
    """The least a warehouse should hold of an item: fixed, or derived from the people it serves."""

    class Mode(models.TextChoices):
        FIXED = "fixed", _("Fixed quantity")
        DERIVED = "derived", _("From served population × norm × buffer days")

    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="minimums")
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="minimums", verbose_name=pgettext_lazy("stock", "item")
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.FIXED)
    fixed_quantity = models.DecimalField(_("fixed quantity"), null=True, blank=True, **QUANTITY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["warehouse", "item"]
        verbose_name = _("minimum stock")
        verbose_name_plural = _("minimum stock")
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "item"], name="minimum_one_per_warehouse_item"),
            models.CheckConstraint(
                condition=~models.Q(mode="fixed") | models.Q(fixed_quantity__gt=0), name="minimum_fixed_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.warehouse} · {self.item}"


class Request(models.Model):
    """A request for supplies from the field, numbered per district and year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        DISPATCHED = "dispatched", _("Dispatched")
        RECEIVED = "received", _("Received")

    class Destination(models.TextChoices):
        WAREHOUSE = "warehouse", _("Warehouse or store")
        POSKO = "posko", _("Command post (posko)")
        KECAMATAN = "kecamatan", _("Kecamatan office")

    district = models.ForeignKey("kecamatan.District", on_delete=models.PROTECT, related_name="supply_requests")
    # Drafts have no number yet: numbers are taken on submission, so none is wasted.
    number = models.CharField(_("number"), max_length=40, unique=True, null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    kecamatan = models.ForeignKey(
        "kecamatan.Kecamatan", on_delete=models.PROTECT, related_name="supply_requests", verbose_name=_("kecamatan")
    )
    destination_kind = models.CharField(_("destination"), max_length=20, choices=Destination.choices)
    destination_warehouse = models.ForeignKey(
        Warehouse, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("destination warehouse")
    )
    destination_text = models.CharField(_("posko or address"), max_length=200, blank=True)
    hazard = models.ForeignKey("kecamatan.Hazard", on_delete=models.PROTECT, null=True, blank=True)
    reason = models.TextField(_("reason"))
    people_affected = models.PositiveIntegerField(_("people affected"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        indexes = [models.Index(fields=["district", "status"])]

    def __str__(self) -> str:
        return self.number or str(_("Draft request"))

    @property
    def destination_label(self) -> str:
        if self.destination_kind == self.Destination.WAREHOUSE and self.destination_warehouse:
            return str(self.destination_warehouse)
        if self.destination_kind == self.Destination.POSKO:
            # People often write the word themselves ("Posko Desa Lasung Batu"): never say it twice.
            name = self.destination_text.strip()
            return name if name.lower().startswith("posko") else f"Posko {name}".strip()
        return f"Kantor Kecamatan {self.kecamatan.name}"


class RequestLine(models.Model):
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="+", verbose_name=pgettext_lazy("stock", "item")
    )
    quantity = models.DecimalField(_("requested"), **QUANTITY)
    approved_quantity = models.DecimalField(_("approved"), null=True, blank=True, **QUANTITY)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "item"], name="request_line_one_per_item"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="request_line_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.item} × {self.quantity}"


class Proof(models.Model):
    """A photo or signed note attached to a receipt. Stored under a random name, served by a scoped view."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="proofs")
    file = models.FileField(upload_to="logistics/proofs/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class Counter(models.Model):
    """The last number used for a kind of document in a district and year; locked to take the next."""

    district = models.ForeignKey("kecamatan.District", on_delete=models.CASCADE, related_name="+")
    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["district", "prefix", "year"], name="counter_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}/{self.year}: {self.last}"
