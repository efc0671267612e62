from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kecamatan.models import Hazard, Kecamatan
from kencana.core.forms import Form

from .models import HazardWarning, Severity


class ResolveForm(Form):
    note = forms.CharField(label=_("How was it resolved?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class HazardWarningForm(Form):
    kecamatan = forms.ModelMultipleChoiceField(
        label=_("Kecamatan"), queryset=Kecamatan.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    hazard = forms.ModelChoiceField(label=_("Hazard"), queryset=Hazard.objects.all())
    status_level = forms.ChoiceField(label=_("Status"), choices=HazardWarning.Status.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial=Severity.SEVERE)
    title = forms.CharField(label=_("Title"), max_length=200)
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    instruction = forms.CharField(
        label=_("What people should do"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    expires_at = forms.DateTimeField(label=_("Expires at"), help_text=_("In your district's local time."))

    def __init__(self, *args, kecamatan_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = (
            kecamatan_queryset if kecamatan_queryset is not None else Kecamatan.objects.none()
        )
        if not self.is_bound:
            self.initial.setdefault(
                "expires_at", (timezone.localtime() + timezone.timedelta(days=3)).replace(second=0, microsecond=0)
            )


class CapUploadForm(Form):
    file = forms.FileField(label=_("CAP 1.2 XML file"))


class PreferencesForm(Form):
    email = forms.MultipleChoiceField(
        label=_("Also send me an email for"),
        choices=Severity.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The in-app inbox always receives every notification."),
    )
    telegram = forms.MultipleChoiceField(
        label=_("Telegram for"), choices=Severity.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    whatsapp = forms.MultipleChoiceField(
        label=_("WhatsApp for"), choices=Severity.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    sms = forms.MultipleChoiceField(
        label=_("SMS for"), choices=Severity.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, channels=(), **kwargs):
        """``channels``: the phone channels the person's district has set up; the others are not offered."""
        super().__init__(*args, **kwargs)
        for name in ("telegram", "whatsapp", "sms"):
            if name not in channels:
                del self.fields[name]


class ContactForm(Form):
    channel = forms.CharField(widget=forms.HiddenInput)
    address = forms.CharField(label=_("Number or chat id"), max_length=40)


class CodeForm(Form):
    channel = forms.CharField(widget=forms.HiddenInput)
    code = forms.CharField(label=_("Code"), max_length=10)
