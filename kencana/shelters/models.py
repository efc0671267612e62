"""Shelters (pos pengungsian) of a disaster event, their daily head counts, and the needs profiles
that turn head counts into quantities of relief items.

A :class:`Shelter` belongs to one event and lies in one desa of the event's district. It has a
posko store (a logistics ``Warehouse``) so dispatches are addressed to it and distribution to
households is issued from it: the stock ledger stays the one record of what moved. Counts are
never edited: each new :class:`ShelterCount` is a new row, and the latest one per shelter drives
the needs. A :class:`NeedsProfile` (Perka BNPB 7/2008, Sphere 2018, ...) is data kept with its
history; the district chooses its default and an event may choose another.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

QUANTITY = {"max_digits": 14, "decimal_places": 3}


class Basis(models.TextChoices):
    """Whom a profile line counts: its quantity is per N of these."""

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
    """A named set of needs per displaced person, household or vulnerable group."""

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
        "logistics.Item", on_delete=models.PROTECT, related_name="+", verbose_name=pgettext_lazy("stock", "item")
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
            models.CheckConstraint(condition=Q(quantity__gt=0), name="needs_line_positive"),
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


class EventNeedsProfile(models.Model):
    """An event's own choice of profile, over the district's default."""

    event = models.OneToOneField("response.Event", on_delete=models.CASCADE, related_name="needs_profile_choice")
    profile = models.ForeignKey(NeedsProfile, on_delete=models.PROTECT, related_name="+", verbose_name=_("profile"))
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.event}: {self.profile}"


class Shelter(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        WORSHIP = "worship", _("Place of worship")
        TENT_CAMP = "tent_camp", _("Tent camp")
        PUBLIC_BUILDING = "public_building", _("Public building")
        HOST_FAMILIES = "host_families", _("Host families in a desa")

    event = models.ForeignKey("response.Event", on_delete=models.PROTECT, related_name="shelters")
    district = models.ForeignKey("kecamatan.District", on_delete=models.PROTECT, related_name="shelters")
    kecamatan = models.ForeignKey("kecamatan.Kecamatan", on_delete=models.PROTECT, related_name="shelters")
    desa = models.ForeignKey(
        "kecamatan.Desa", on_delete=models.PROTECT, related_name="shelters", verbose_name=_("desa")
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    capacity = models.PositiveIntegerField(_("capacity (people)"), validators=[MinValueValidator(1)])
    toilets = models.PositiveSmallIntegerField(_("toilets"), default=0)
    water_points = models.PositiveSmallIntegerField(_("clean water points"), default=0)
    kitchen = models.BooleanField(_("kitchen"), default=False)
    health_post = models.BooleanField(_("health post"), default=False)
    friendly_space = models.BooleanField(_("women- and child-friendly space"), default=False)
    manager = models.CharField(_("manager"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    store = models.OneToOneField(
        "logistics.Warehouse", on_delete=models.PROTECT, related_name="shelter", verbose_name=_("posko store")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kecamatan__code", "name", "pk"]
        verbose_name = _("shelter")
        verbose_name_plural = _("shelters")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="shelter_closes_after_opening",
            ),
        ]
        indexes = [models.Index(fields=["district", "event"])]

    def __str__(self) -> str:
        return self.name


# The people of a count by sex and age group, in the order of the form (Form B-1's groups).
AGE_GROUPS = ("0_5", "6_17", "18_59", "60")
SEX_AGE_FIELDS = tuple(f"{sex}_{age}" for age in AGE_GROUPS for sex in ("male", "female"))
# Groups counted among the people (each at most the total).
VULNERABLE_FIELDS = ("pregnant", "breastfeeding", "disabled", "sick")
COUNT_FIELDS = (
    "households",
    "people",
    *SEX_AGE_FIELDS,
    *VULNERABLE_FIELDS,
    "female_headed_households",
    "arrivals",
    "departures",
)


class ShelterCount(models.Model):
    """Who is at a shelter as of a moment. Never edited: a correction is a newer count."""

    shelter = models.ForeignKey(Shelter, on_delete=models.CASCADE, related_name="counts")
    as_of = models.DateTimeField(_("as of"))
    households = models.PositiveIntegerField(_("households"))
    people = models.PositiveIntegerField(_("people"))
    male_0_5 = models.PositiveIntegerField(_("boys 0–5"), default=0)
    female_0_5 = models.PositiveIntegerField(_("girls 0–5"), default=0)
    male_6_17 = models.PositiveIntegerField(_("boys 6–17"), default=0)
    female_6_17 = models.PositiveIntegerField(_("girls 6–17"), default=0)
    male_18_59 = models.PositiveIntegerField(_("men 18–59"), default=0)
    female_18_59 = models.PositiveIntegerField(_("women 18–59"), default=0)
    male_60 = models.PositiveIntegerField(_("men 60+"), default=0)
    female_60 = models.PositiveIntegerField(_("women 60+"), default=0)
    pregnant = models.PositiveIntegerField(_("pregnant women"), default=0)
    breastfeeding = models.PositiveIntegerField(_("breastfeeding women"), default=0)
    disabled = models.PositiveIntegerField(_("people with disabilities"), default=0)
    sick = models.PositiveIntegerField(_("sick"), default=0)
    female_headed_households = models.PositiveIntegerField(_("female-headed households"), default=0)
    arrivals = models.PositiveIntegerField(_("arrivals since the last count"), default=0)
    departures = models.PositiveIntegerField(_("departures since the last count"), default=0)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["shelter", "-as_of", "-pk"]
        verbose_name = _("shelter count")
        verbose_name_plural = _("shelter counts")
        indexes = [models.Index(fields=["shelter", "as_of"])]
        constraints = [
            models.CheckConstraint(condition=Q(households__lte=models.F("people")), name="count_households_le_people"),
        ]

    def __str__(self) -> str:
        return f"{self.shelter} {self.as_of:%Y-%m-%d %H:%M}: {self.people}"

    @property
    def males(self) -> int:
        return sum(getattr(self, f"male_{age}") for age in AGE_GROUPS)

    @property
    def females(self) -> int:
        return sum(getattr(self, f"female_{age}") for age in AGE_GROUPS)

    @property
    def under_five(self) -> int:
        return self.male_0_5 + self.female_0_5

    @property
    def children(self) -> int:
        return self.under_five + self.male_6_17 + self.female_6_17

    @property
    def elderly(self) -> int:
        return self.male_60 + self.female_60

    @property
    def over_capacity(self) -> bool:
        return self.people > self.shelter.capacity

    def of_basis(self, basis: str) -> int:
        """How many people (or households) of a profile line's basis the count holds."""
        return {
            Basis.PERSON: self.people,
            Basis.HOUSEHOLD: self.households,
            Basis.UNDER_FIVE: self.under_five,
            Basis.ELDERLY: self.elderly,
            Basis.PREGNANT_BREASTFEEDING: self.pregnant + self.breastfeeding,
            Basis.DISABLED: self.disabled,
        }[basis]
