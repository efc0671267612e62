from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kecamatan.models import Hazard, Kecamatan
from kencana.core.forms import Form, ModelForm

from .models import ActionItem, Agency, PlanSettings
from .services import ITEM_FIELDS


class AgencyForm(ModelForm):
    class Meta:
        model = Agency
        fields = [
            "kind",
            "name",
            "kecamatan",
            "contact_person",
            "contact_role",
            "phone",
            "email",
            "address",
            "is_active",
        ]

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = district.kecamatan.order_by("code").defer(
            "boundary", "boundary_simplified", "boundary_outline"
        )


class ActionItemForm(ModelForm):
    class Meta:
        model = ActionItem
        fields = list(ITEM_FIELDS)  # what the services accept; one list for page and API
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = Agency.objects.filter(district=district, is_active=True)
        self.fields["hazard"].queryset = Hazard.objects.all()


class EvidenceForm(Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, photo (JPEG, PNG, WebP), DOCX or XLSX."))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        return upload


class CardForm(Form):
    hazard = forms.ModelChoiceField(label=_("Hazard"), queryset=Hazard.objects.all())
    trigger = forms.CharField(
        label=_("Trigger"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("When the card is used: a BMKG warning, a river level, a siaga darurat decree…"),
    )
    assembly_points = forms.CharField(
        label=_("Assembly points"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    evacuation_routes = forms.CharField(
        label=_("Evacuation routes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    extra_contacts = forms.ModelMultipleChoiceField(
        label=_("Other contacts"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Agencies to call that own no step."),
    )
    reviewed = forms.BooleanField(label=_("Mark as reviewed today"), required=False, initial=True)

    def __init__(self, *args, district, fixed_hazard=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["extra_contacts"].queryset = Agency.objects.filter(district=district, is_active=True)
        if fixed_hazard is not None:
            self.fields["hazard"].disabled = True
            self.fields["hazard"].initial = fixed_hazard


class RowForm(Form):
    """A form shown as a table row, under column headings instead of labels: each field carries
    its label for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", field.label)


class CardStepForm(RowForm):
    action = forms.CharField(label=pgettext_lazy("step", "What"), max_length=300, required=False)
    role = forms.CharField(label=_("Who (role)"), max_length=120, required=False)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none(), required=False)
    within_minutes = forms.IntegerField(
        label=_("Within (minutes)"), min_value=0, max_value=30 * 24 * 60, required=False
    )

    def __init__(self, *args, district=None, **kwargs):
        super().__init__(*args, **kwargs)
        if district is not None:
            self.fields["agency"].queryset = Agency.objects.filter(district=district, is_active=True)


CardStepFormSet = forms.formset_factory(CardStepForm, extra=3, max_num=30)


class PlanSettingsForm(ModelForm):
    class Meta:
        model = PlanSettings
        fields = ["card_review_days"]


# --- Card and plan templates ------------------------------------------------------------------


class TemplateCreateForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    hazard = forms.ModelChoiceField(
        label=_("Hazard"), queryset=Hazard.objects.all(), required=False, help_text=_("For a card template.")
    )


class TemplateSettingsForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    shared_with_partners = forms.BooleanField(
        label=_("Share with partner districts"),
        required=False,
        help_text=_("Partner districts may browse and adopt its published version."),
    )


class CardTemplateForm(Form):
    hazard = forms.ModelChoiceField(label=_("Hazard"), queryset=Hazard.objects.all(), required=False)
    trigger = forms.CharField(
        label=_("Trigger"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("When the card is used: a BMKG warning, a river level, a siaga darurat decree…"),
    )
    assembly_points = forms.CharField(
        label=_("Assembly point guidance"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What makes a good assembly point; one line each."),
    )
    evacuation_routes = forms.CharField(
        label=_("Evacuation route guidance"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How to choose and mark routes; one line each."),
    )


class CardTemplateStepForm(RowForm):
    action = forms.CharField(label=pgettext_lazy("step", "What"), max_length=300, required=False)
    role = forms.CharField(label=_("Who (role)"), max_length=120, required=False)
    agency_kind = forms.ChoiceField(label=_("Agency kind"), choices=[("", "—"), *Agency.Kind.choices], required=False)
    agency_name = forms.CharField(label=_("Name contains"), max_length=150, required=False)
    within_minutes = forms.IntegerField(
        label=_("Within (minutes)"), min_value=0, max_value=30 * 24 * 60, required=False
    )


CardTemplateStepFormSet = forms.formset_factory(CardTemplateStepForm, extra=3, max_num=30)


class PlanTemplateItemForm(RowForm):
    title = forms.CharField(label=_("Title"), max_length=250, required=False)
    hazard = forms.ModelChoiceField(label=_("Hazard"), queryset=Hazard.objects.all(), required=False)
    owner_kind = forms.ChoiceField(
        label=_("Owner agency kind"), choices=[("", "—"), *Agency.Kind.choices], required=False
    )
    due_offset_days = forms.IntegerField(label=_("Due after (days)"), min_value=0, max_value=3 * 365, required=False)
    budget_source = forms.ChoiceField(label=_("Budget source"), choices=ActionItem.BudgetSource.choices, required=False)


PlanTemplateItemFormSet = forms.formset_factory(PlanTemplateItemForm, extra=3, max_num=60)


class TemplateApplyForm(Form):
    kecamatan = forms.ModelMultipleChoiceField(
        label=_("Kecamatan"), queryset=Kecamatan.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    replace = forms.BooleanField(
        label=_("Replace an existing card for this hazard"),
        required=False,
        help_text=_("Without this, a kecamatan that already has its own card keeps it."),
    )

    def __init__(self, *args, kecamatan, for_cards: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = kecamatan
        if not for_cards:
            del self.fields["replace"]
