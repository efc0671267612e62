"""The forms of the SPM catalogue's editing pages (BNPB admins)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kencana.core.forms import Form

from .catalogue_services import ComponentInput
from .models import Source


class VersionForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    source = forms.CharField(label=_("Legal basis"), max_length=300, required=False)


class ServiceForm(Form):
    name = forms.CharField(label=_("Service name"), max_length=200)


class SubActivityForm(Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    unit = forms.CharField(label=_("Unit"), max_length=60)
    source = forms.ChoiceField(label=_("Where its figures come from"), choices=Source.choices, required=False)
    target_note = forms.CharField(label=_("Target note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ComponentForm(Form):
    code = forms.CharField(label=_("Code"), max_length=10, required=False)
    name = forms.CharField(label=_("Quality component"), max_length=300, required=False)
    weight = forms.IntegerField(label=_("Weight (%)"), min_value=1, max_value=100, required=False)

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (data.get("code") or data.get("name") or data.get("weight"))


ComponentFormSet = forms.formset_factory(ComponentForm, extra=2, max_num=12, validate_max=True)


def component_inputs(formset) -> list[ComponentInput]:
    """The rows filled in (a row left blank is a component removed)."""
    return [
        ComponentInput(
            code=f.cleaned_data.get("code") or "",
            name=f.cleaned_data.get("name") or "",
            weight=f.cleaned_data.get("weight") or 0,
        )
        for f in formset.forms
        if f.cleaned_data and not f.is_blank()
    ]
