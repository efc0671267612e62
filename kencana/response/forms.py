"""Forms of the response phase: they parse what people typed; the services judge it.

Dates and times travel as ISO values (``type=date`` and ``type=datetime-local`` inputs) in the
user's district zone, whatever the page's language. Counts are plain whole numbers: whether a
count may be negative or a desa belongs to the event is the service's to say, in one message
for the page and the API alike.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kecamatan.models import Desa, Hazard, Kecamatan
from kencana.core.forms import DateInput, DateTimeInput, Form, ModelForm

from .models import (
    COUNT_FIELDS,
    STATUS_FIELDS,
    Casualty,
    EmergencyLevel,
    ImpactReport,
    ResponseSettings,
    ServiceStatus,
    Sitrep,
)

COUNT = {"min": 0, "step": 1, "inputmode": "numeric"}


def moment_field(label, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=DateTimeInput, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"], **kwargs
    )


def date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput, input_formats=["%Y-%m-%d"], **kwargs)


class DesaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, desa) -> str:
        return f"{desa.name} ({desa.kecamatan.name})"


class CodedSelect(forms.Select):
    """A choice of desa whose options carry the desa's code, the name the API gives it (the
    officer's outbox files the form through the API: docs/offline.md)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        if (desa := getattr(value, "instance", None)) is not None:
            option["attrs"]["data-code"] = desa.code
        return option


class DesaMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, desa) -> str:
        return f"{desa.name} ({desa.kecamatan.name})"


class EventForm(Form):
    hazard = forms.ModelChoiceField(label=_("Hazard"), queryset=Hazard.objects.all(), required=False)
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("Empty: the hazard and the kecamatan.")
    )
    started_at = moment_field(_("Started at"), help_text=_("In your district's local time."))
    kecamatan = forms.ModelMultipleChoiceField(
        label=_("Kecamatan affected"),
        queryset=Kecamatan.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    desa = DesaMultipleChoiceField(
        label=_("Desa affected"),
        queryset=Desa.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Each desa must be in one of the chosen kecamatan."),
    )
    description = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, kecamatan, desa, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = kecamatan
        self.fields["desa"].queryset = desa


class CloseForm(Form):
    ended_at = moment_field(_("Ended at"))


class ChronologyForm(Form):
    at = moment_field(_("When"))
    text = forms.CharField(label=_("What happened"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class DecreeForm(Form):
    number = forms.CharField(label=_("Decree number"), max_length=100, required=False)
    signed_on = date_field(_("Signed on"), required=False)
    level = forms.ChoiceField(label=_("Emergency status"), choices=EmergencyLevel.choices)
    period_start = date_field(_("Period starts"), required=False)
    period_end = date_field(_("Period ends"), required=False)
    file = forms.FileField(
        label=_("Scanned decree (PDF, JPEG, PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )


class PullForm(Form):
    items = forms.ModelMultipleChoiceField(
        label=_("Open action items"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )
    due_at = moment_field(_("Due at"))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items


class ImpactForm(Form):
    """The figures of one desa; ``desa`` only when a new version is started."""

    desa = DesaChoiceField(label=_("Desa"), queryset=Desa.objects.none(), widget=CodedSelect)
    as_of = moment_field(_("Figures as of"), help_text=_("When these counts were true, in your local time."))
    urgent_needs = forms.CharField(
        label=_("Urgent needs"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, desa=None, **kwargs):
        super().__init__(*args, **kwargs)
        if desa is None:
            del self.fields["desa"]
        else:
            self.fields["desa"].queryset = desa
        for name in COUNT_FIELDS:
            self.fields[name] = forms.IntegerField(
                label=ImpactReport._meta.get_field(name).verbose_name.capitalize(),
                initial=0,
                required=False,
                widget=forms.NumberInput(attrs=COUNT),
            )
        self.fields["roads_km"] = forms.CharField(
            label=_("Roads damaged (km)"),
            initial="0",
            required=False,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "pattern": "[0-9]+([.,][0-9]{1,2})?"}),
        )
        for name in STATUS_FIELDS:
            self.fields[name] = forms.ChoiceField(
                label=ImpactReport._meta.get_field(name).verbose_name.capitalize(),
                choices=ServiceStatus.choices,
                required=False,
            )
        self.order_fields(["desa", "as_of", *COUNT_FIELDS, "roads_km", *STATUS_FIELDS, "urgent_needs"])

    def figures(self) -> dict:
        return {
            name: self.cleaned_data.get(name) for name in (*COUNT_FIELDS, "roads_km", *STATUS_FIELDS, "urgent_needs")
        }


class ReviewForm(Form):
    decision = forms.ChoiceField(choices=[("verify", _("Verify")), ("return", _("Return to officer"))])
    note = forms.CharField(
        label=_("Note to the officer (when returning)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CasualtyForm(Form):
    desa = DesaChoiceField(label=_("Desa"), queryset=Desa.objects.none())
    name = forms.CharField(label=_("Name"), max_length=150)
    sex = forms.ChoiceField(label=_("Sex"), choices=Casualty.Sex.choices)
    age = forms.IntegerField(label=_("Age"), required=False, widget=forms.NumberInput(attrs={"min": 0, "max": 130}))
    status = forms.ChoiceField(label=_("Status"), choices=Casualty.Status.choices)
    where_found = forms.CharField(label=_("Where found"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, desa, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"].queryset = desa


class SitrepForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Sitrep.Kind.choices)
    as_of = moment_field(_("Data as of"), required=False, help_text=_("Empty: now."))
    needs_gaps = forms.CharField(
        label=_("Needs and gaps"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    assessment = forms.CharField(
        label=_("Assessment"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=8000
    )


class TaskActForm(Form):
    action = forms.ChoiceField(
        choices=[
            ("acknowledge", pgettext_lazy("task", "Acknowledge")),
            ("start", _("Start")),
            ("done", _("Done")),
            ("not_possible", _("Not possible")),
        ]
    )
    reason = forms.CharField(label=_("Why not possible"), required=False, max_length=1000)
    at = moment_field(_("When (if not now)"), required=False)


class SettingsForm(ModelForm):
    class Meta:
        model = ResponseSettings
        fields = ["decree_warning_days"]
