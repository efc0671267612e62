from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kecamatan.models import Hazard

from .models import ActionItem, Agency, PlanSettings


class AgencyForm(forms.ModelForm):
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
        self.fields["kecamatan"].queryset = district.kecamatan.order_by("code").defer("boundary", "boundary_simplified")


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = [
            "title",
            "description",
            "hazard",
            "owner_agency",
            "owner_person",
            "start_date",
            "due_date",
            "status",
            "progress",
            "budget_source",
            "budget_amount",
            "note",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "due_date": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = Agency.objects.filter(district=district, is_active=True)
        self.fields["hazard"].queryset = Hazard.objects.all()


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, photo (JPEG, PNG, WebP), DOCX or XLSX."))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        return upload


class CardForm(forms.Form):
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


class CardStepForm(forms.Form):
    action = forms.CharField(label=_("What"), max_length=300, required=False)
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


class PlanSettingsForm(forms.ModelForm):
    class Meta:
        model = PlanSettings
        fields = ["card_review_days"]
