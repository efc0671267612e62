"""Forms of shelters: they parse what people typed; the services judge it (negative counts, parts
larger than the total, a place outside the district are refused there, in one message for the
page and the API alike)."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kencana.core.forms import Form
from kencana.response.forms import DesaChoiceField, date_field, moment_field
from logistics.models import NeedsProfile, Warehouse

from .models import COUNT_FIELDS, Shelter, ShelterCount

COUNT = {"min": 0, "step": 1, "inputmode": "numeric"}


class ShelterForm(Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=Shelter.Kind.choices)
    desa = DesaChoiceField(label=_("Desa"), queryset=None)
    lat = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)
    capacity = forms.IntegerField(label=_("Capacity (people)"), widget=forms.NumberInput(attrs=COUNT))
    toilets = forms.IntegerField(label=_("Toilets"), min_value=0, initial=0, widget=forms.NumberInput(attrs=COUNT))
    water_points = forms.IntegerField(
        label=_("Clean water points"), min_value=0, initial=0, widget=forms.NumberInput(attrs=COUNT)
    )
    kitchen = forms.BooleanField(label=_("Kitchen"), required=False)
    health_post = forms.BooleanField(label=_("Health post"), required=False)
    friendly_space = forms.BooleanField(label=_("Women- and child-friendly space"), required=False)
    manager = forms.CharField(label=_("Manager"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    opened_on = date_field(_("Opened on"))
    closed_on = date_field(_("Closed on"), required=False)

    def __init__(self, *args, desa, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"].queryset = desa

    def values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "desa"}


class CountForm(Form):
    as_of = moment_field(_("Counted at"), help_text=_("In your district's local time."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in COUNT_FIELDS:
            model_field = ShelterCount._meta.get_field(name)
            self.fields[name] = forms.IntegerField(
                label=capfirst(model_field.verbose_name),
                required=name in ("households", "people"),
                initial=0,
                widget=forms.NumberInput(attrs=COUNT),
            )

    def figures(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in COUNT_FIELDS}


class ProfileForm(Form):
    profile = forms.ModelChoiceField(label=_("Needs profile"), queryset=NeedsProfile.objects.filter(is_active=True))


class DispatchForm(Form):
    """The goods to send to a shelter, prefilled with its shortfall."""

    warehouse = forms.ModelChoiceField(label=_("From warehouse"), queryset=Warehouse.objects.none())
    business_date = date_field(_("Date"))
    vehicle = forms.CharField(label=_("Vehicle"), max_length=60, required=False)
    driver = forms.CharField(label=_("Driver"), max_length=120, required=False)

    def __init__(self, *args, warehouses, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["warehouse"].queryset = warehouses
        self.items = list(items)
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.DecimalField(
                label=f"{item.name} ({item.unit})", min_value=0, required=False, decimal_places=3, max_digits=14
            )

    def quantities(self) -> list:
        return [(item, self.cleaned_data.get(f"item_{item.pk}")) for item in self.items]


class DistributionForm(Form):
    """Goods handed out from the shelter's store to households."""

    business_date = date_field(_("Date"))
    households_reached = forms.IntegerField(label=_("Households reached"), widget=forms.NumberInput(attrs=COUNT))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.DecimalField(
                label=f"{item.name} ({item.unit})", min_value=0, required=False, decimal_places=3, max_digits=14
            )

    def quantities(self) -> list:
        return [(item, self.cleaned_data.get(f"item_{item.pk}")) for item in self.items]
