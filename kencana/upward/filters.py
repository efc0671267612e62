"""The arguments of the SPM reports page: a value the page cannot read is left out (every report
shows)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kecamatan.importers import LEVELS
from kencana.core.query import QueryForm

from .models import UpwardState


class SpmIndexQuery(QueryForm):
    """``?district=63.11``: one district's reports; ``?state=submitted``: the reports in that state.
    Every report of the user's districts when left out."""

    district = forms.RegexField(LEVELS["kabupaten"]["pattern"], required=False, initial="")
    state = forms.ChoiceField(choices=[("", _("All")), *UpwardState.choices], required=False, initial="")
