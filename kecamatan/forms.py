from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kencana.core.forms import Form, ModelForm

from .models import Desa, Hazard, RiskProfile, RiskSettings, School
from .risk import parse_season, season_runs

INDEX_FIELD = {"min_value": Decimal(0), "max_value": Decimal(1), "decimal_places": 3, "max_digits": 4}


class RiskProfileForm(Form):
    hazard = forms.ModelChoiceField(label=_("Hazard"), queryset=Hazard.objects.all())
    hazard_index = forms.DecimalField(label=_("Hazard index (0–1)"), **INDEX_FIELD)
    vulnerability_index = forms.DecimalField(label=_("Vulnerability index (0–1)"), **INDEX_FIELD)
    capacity_index = forms.DecimalField(label=_("Capacity index (0–1)"), **INDEX_FIELD)
    exposed_population = forms.IntegerField(label=_("Exposed population"), min_value=0, required=False)
    season = forms.CharField(
        label=_("Season (months)"),
        required=False,
        help_text=_("Month numbers as ranges or lists, e.g. 5-10 (May–October) or 11-12,1-3."),
    )
    source = forms.CharField(label=_("Source document"), max_length=200, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100, required=False)

    def __init__(self, *args, profile: RiskProfile | None = None, **kwargs):
        if profile is not None:
            kwargs.setdefault(
                "initial",
                {
                    "hazard": profile.hazard,
                    "hazard_index": profile.hazard_index,
                    "vulnerability_index": profile.vulnerability_index,
                    "capacity_index": profile.capacity_index,
                    "exposed_population": profile.exposed_population,
                    "season": _months_text(profile.season_months),
                    "source": profile.source,
                    "year": profile.year,
                },
            )
        super().__init__(*args, **kwargs)
        if profile is not None:
            self.fields["hazard"].disabled = True

    def clean_season(self) -> list[int]:
        try:
            return parse_season(self.cleaned_data["season"])
        except ValueError as exc:
            raise forms.ValidationError(self.fields["season"].help_text) from exc


def _months_text(months: list[int]) -> str:
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in season_runs(months or []))


class RiskImportForm(Form):
    file = forms.FileField(label=_("CSV or XLSX file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        return upload


class RiskSettingsForm(ModelForm):
    class Meta:
        model = RiskSettings
        fields = ["low_upper", "medium_upper"]


class SchoolForm(Form):
    """A school of the registry; every rule (NPSN, location, who may) is the service's."""

    desa = forms.ModelChoiceField(label=_("Desa/kelurahan"), queryset=Desa.objects.none(), to_field_name="code")
    name = forms.CharField(label=_("Name"), max_length=200)
    npsn = forms.CharField(
        label=_("NPSN"), max_length=8, min_length=8, help_text=_("National school number (8 digits).")
    )
    level = forms.ChoiceField(label=_("Level"), choices=School.Level.choices)
    pupils = forms.IntegerField(label=_("Pupils"), min_value=0, required=False)
    latitude = forms.FloatField(label=_("Latitude"), required=False, help_text=_("Decimal degrees, e.g. -2.3456."))
    longitude = forms.FloatField(label=_("Longitude"), required=False, help_text=_("Decimal degrees, e.g. 115.4567."))
    active = forms.BooleanField(
        label=_("Active"), required=False, initial=True, help_text=_("Untick for a school that closed or merged.")
    )

    def __init__(self, *args, desa_choices, school: School | None = None, **kwargs):
        if school is not None:
            kwargs.setdefault(
                "initial",
                {
                    "desa": school.desa.code,
                    "name": school.name,
                    "npsn": school.npsn,
                    "level": school.level,
                    "pupils": school.pupils,
                    "latitude": school.latitude,
                    "longitude": school.longitude,
                    "active": school.active,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["desa"].queryset = desa_choices
        self.fields["desa"].label_from_instance = lambda desa: f"{desa.name} ({desa.kecamatan.name})"
        if school is None:
            del self.fields["active"]  # a new school is open
