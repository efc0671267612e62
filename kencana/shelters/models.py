"""Shelters (pos pengungsian) of a disaster event, their daily head counts, and the needs profiles
that turn head counts into quantities of relief items.

A :class:`Shelter` belongs to one event and lies in one desa of the event's district. It has a
posko store (a logistics ``Warehouse``) so dispatches are addressed to it and distribution to
households is issued from it: the stock ledger stays the one record of what moved. Counts are
never edited: each new :class:`ShelterCount` is a new row, and the latest one per shelter drives
the needs. The needs profiles themselves (Perka BNPB 7/2008, Sphere 2018, ...) live in
``logistics`` with the district's default, since warehouse planning reads them too; an event may
choose its own here (:class:`EventNeedsProfile`).
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from logistics.needs import Headcount


class EventNeedsProfile(models.Model):
    """An event's own choice of profile, over the district's default."""

    event = models.OneToOneField("response.Event", on_delete=models.CASCADE, related_name="needs_profile_choice")
    profile = models.ForeignKey(
        "logistics.NeedsProfile", on_delete=models.PROTECT, related_name="+", verbose_name=_("profile")
    )
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

    @property
    def headcount(self) -> Headcount:
        """The count as the needs arithmetic reads it."""
        return Headcount(
            people=self.people,
            households=self.households,
            under_five=self.under_five,
            elderly=self.elderly,
            pregnant_breastfeeding=self.pregnant + self.breastfeeding,
            disabled=self.disabled,
        )

    def of_basis(self, basis: str) -> int:
        """How many people (or households) of a profile line's basis the count holds."""
        return self.headcount.of_basis(basis)
