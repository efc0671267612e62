"""The territory: provinces, districts, kecamatan, desa and the hazards they face.

Codes are Kemendagri codes with dots (``63``, ``63.11``, ``63.11.06``,
``63.11.06.1023``). BPS codes differ and are never stored here.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.dates import MONTHS_3
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .risk import DEFAULT_CUTOFFS, risk_class, risk_index, season_runs


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", "WIB (UTC+7)"
    WITA = "Asia/Makassar", "WITA (UTC+8)"
    WIT = "Asia/Jayapura", "WIT (UTC+9)"


GEOMETRY_FIELDS = ("boundary", "boundary_simplified", "boundary_outline")  # heavy columns most reads defer


def geometry_of(*relations: str) -> list[str]:
    """The geometry columns of the areas reached through ``relations``, for ``defer()``:
    ``geometry_of("kecamatan", "kecamatan__district")``."""
    return [f"{relation}__{name}" for relation in relations for name in GEOMETRY_FIELDS]


class Area(models.Model):
    """What every level of territory shares: a code, a name and optional geometry.

    ``boundary`` is the GeoJSON geometry as imported (repaired when invalid);
    ``boundary_simplified`` is the lighter copy served to browsers for one district;
    ``boundary_outline`` the coarse one for maps of many districts (a province, the country).
    """

    code = models.CharField(_("code"), max_length=13, unique=True)
    name = models.CharField(_("name"), max_length=120)
    boundary = models.JSONField(_("boundary"), null=True, blank=True)
    boundary_simplified = models.JSONField(_("simplified boundary"), null=True, blank=True)
    boundary_outline = models.JSONField(_("boundary outline"), null=True, blank=True)
    boundary_approximate = models.BooleanField(
        _("approximate boundary"),
        default=False,
        help_text=_("Demo geometry derived from known locations, not an official boundary."),
    )
    boundary_source = models.CharField(_("boundary source"), max_length=200, blank=True)
    centroid_lat = models.FloatField(_("centroid latitude"), null=True, blank=True)
    centroid_lon = models.FloatField(_("centroid longitude"), null=True, blank=True)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Province(Area):
    timezone = models.CharField(_("time zone"), max_length=20, choices=TimeZone.choices, default=TimeZone.WITA)

    class Meta(Area.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class District(Area):
    """A kabupaten or kota, run by its own BPBD."""

    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.KABUPATEN)
    timezone = models.CharField(_("time zone"), max_length=20, choices=TimeZone.choices, default=TimeZone.WITA)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    population_source = models.CharField(_("population source"), max_length=200, blank=True)
    partners = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="partner_of",
        verbose_name=_("partner districts"),
        help_text=_("Districts that may browse and adopt what this district shares."),
    )

    class Meta(Area.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    @property
    def display_name(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class Kecamatan(Area):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="kecamatan")
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    population_source = models.CharField(_("population source"), max_length=200, blank=True)
    kencana_declared_on = models.DateField(_("Kencana declared on"), null=True, blank=True)
    kencana_declared_tier = models.CharField(
        _("declared tier"), max_length=40, blank=True, help_text=_("The tier named in the declaration.")
    )

    class Meta(Area.Meta):
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")
        indexes = [models.Index(fields=["district", "code"])]


class Desa(Area):
    class Kind(models.TextChoices):
        DESA = "desa", _("Desa")
        KELURAHAN = "kelurahan", _("Kelurahan")

    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="desa")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta(Area.Meta):
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = _("desa/kelurahan")

    @property
    def display_name(self) -> str:
        return f"{self.get_kind_display()} {self.name}"

    @staticmethod
    def kind_from_code(code: str) -> str:
        """Kemendagri convention: a 4th segment starting with 1 is a kelurahan, 2 a desa."""
        return Desa.Kind.KELURAHAN if code.split(".")[-1].startswith("1") else Desa.Kind.DESA


class School(models.Model):
    """A school in a desa, assessed for SPAB (Satuan Pendidikan Aman Bencana, Permendikbud 33/2019)."""

    class Level(models.TextChoices):
        PAUD = "paud", _("PAUD/TK")
        SD = "sd", _("SD/MI")
        SMP = "smp", _("SMP/MTs")
        SMA = "sma", _("SMA/MA/SMK")
        SLB = "slb", _("SLB")

    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="schools", verbose_name=_("desa/kelurahan"))
    name = models.CharField(_("name"), max_length=200)
    npsn = models.CharField(_("NPSN"), max_length=8, unique=True, help_text=_("National school number (8 digits)."))
    level = models.CharField(_("level"), max_length=5, choices=Level.choices)
    pupils = models.PositiveIntegerField(_("pupils"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("A closed or merged school is deactivated: its assessments stay.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["desa__code", "name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        constraints = [
            models.CheckConstraint(condition=models.Q(npsn__regex=r"^[0-9]{8}$"), name="school_npsn_8_digits"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.npsn})"


class Hazard(models.Model):
    """A hazard from the InaRISK list (or one an admin added). Local names map onto it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    aliases = models.CharField(
        _("local names"), max_length=300, blank=True, help_text=_("Other names that mean this hazard, separated by |.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id


class RiskSettings(models.Model):
    """A district's cut-offs between the risk classes (InaRISK thirds unless the district chose others).

    Sources disagree (0.333/0.667 in InaRISK, 0.4/0.8 in some assessments), so each
    district sets the ones its own risk assessment uses.
    """

    district = models.OneToOneField(
        District, on_delete=models.CASCADE, related_name="risk_settings", verbose_name=_("district")
    )
    low_upper = models.DecimalField(
        _("low/medium cut-off"),
        max_digits=4,
        decimal_places=3,
        default=DEFAULT_CUTOFFS[0],
        help_text=_("A risk index below this is low (rendah)."),
    )
    medium_upper = models.DecimalField(
        _("medium/high cut-off"),
        max_digits=4,
        decimal_places=3,
        default=DEFAULT_CUTOFFS[1],
        help_text=_("A risk index at or above this is high (tinggi)."),
    )

    class Meta:
        verbose_name = _("risk class cut-offs")
        verbose_name_plural = _("risk class cut-offs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(low_upper__gt=0, medium_upper__lte=1, low_upper__lt=models.F("medium_upper")),
                name="risk_settings_cutoffs_ordered",
                violation_error_message=_("The cut-offs must satisfy 0 < low/medium < medium/high ≤ 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district.name}: {self.low_upper} / {self.medium_upper}"

    @property
    def cutoffs(self) -> tuple:
        return (self.low_upper, self.medium_upper)

    @classmethod
    def cutoffs_for(cls, district_id: int) -> tuple:
        """The district's cut-offs, or the InaRISK thirds when it has not set its own."""
        row = cls.objects.filter(district_id=district_id).values_list("low_upper", "medium_upper").first()
        return tuple(row) if row else DEFAULT_CUTOFFS


class RiskProfile(models.Model):
    """A kecamatan's risk for one hazard, from its risk assessment (Kajian Risiko Bencana).

    Indices are 0–1 as in InaRISK. The risk index and its class are derived on save
    (see ``kecamatan.risk``) with the district's cut-offs, so a profile never
    disagrees with its inputs. Changes are kept in ``history`` (who and when).
    """

    class RiskClass(models.TextChoices):
        LOW = "rendah", _("Low (rendah)")
        MEDIUM = "sedang", _("Medium (sedang)")
        HIGH = "tinggi", _("High (tinggi)")

    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.CASCADE, related_name="risk_profiles")
    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="risk_profiles")
    hazard_index = models.DecimalField(_("hazard index"), max_digits=4, decimal_places=3)
    vulnerability_index = models.DecimalField(_("vulnerability index"), max_digits=4, decimal_places=3)
    capacity_index = models.DecimalField(_("capacity index"), max_digits=4, decimal_places=3)
    risk_index = models.DecimalField(_("risk index"), max_digits=4, decimal_places=3, editable=False)
    risk_class = models.CharField(_("risk class"), max_length=10, choices=RiskClass.choices, editable=False)
    exposed_population = models.PositiveIntegerField(_("exposed population"), null=True, blank=True)
    season_months = models.JSONField(
        _("season months"), default=list, blank=True, help_text=_("Months (1–12) when the hazard is most likely.")
    )
    source = models.CharField(_("source document"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kecamatan__code", "hazard__sort_order"]
        verbose_name = _("risk profile")
        verbose_name_plural = _("risk profiles")
        constraints = [
            models.UniqueConstraint(fields=["kecamatan", "hazard"], name="risk_profile_one_per_hazard"),
            models.CheckConstraint(
                condition=models.Q(hazard_index__gte=0, hazard_index__lte=1)
                & models.Q(vulnerability_index__gte=0, vulnerability_index__lte=1)
                & models.Q(capacity_index__gte=0, capacity_index__lte=1),
                name="risk_profile_indices_0_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kecamatan.name}: {self.hazard}"

    def save(self, *args, **kwargs):
        self.risk_index = risk_index(
            hazard=self.hazard_index, vulnerability=self.vulnerability_index, capacity=self.capacity_index
        )
        district_id = Kecamatan.objects.filter(pk=self.kecamatan_id).values_list("district_id", flat=True).first()
        self.risk_class = risk_class(self.risk_index, RiskSettings.cutoffs_for(district_id))
        super().save(*args, **kwargs)

    @property
    def season_label(self) -> str:
        """The season as month names, e.g. "Mei–Okt" or "Nov–Mar"."""
        parts = []
        for start, end in season_runs(self.season_months or []):
            first = str(MONTHS_3[start]).capitalize()
            parts.append(first if start == end else f"{first}–{str(MONTHS_3[end]).capitalize()}")
        return ", ".join(parts)
