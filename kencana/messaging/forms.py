from django import forms
from django.utils.translation import gettext_lazy as _

from kencana.core.forms import Form


class DismissForm(Form):
    note = forms.CharField(label=_("Why"), max_length=300, required=False)


class AttachForm(Form):
    event = forms.ModelChoiceField(label=_("Event"), queryset=None)

    def __init__(self, *args, events=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events


class SitrepSendForm(Form):
    provider = forms.ChoiceField(label=_("Send to the group on"), choices=())

    def __init__(self, *args, providers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = list(providers)
