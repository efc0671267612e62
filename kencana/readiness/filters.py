"""Filters of readiness lists for the API, and the arguments of the completeness figures.

The results page filters the same reports through ``forms.ResultsFilterForm`` (its fields are
drawn on the page, with the periods and kecamatan of the user's scope as choices). The completeness
page and its API read ``?assignment=&period=&show=`` through ``CompletenessQuery``, a report's
page ``?missing=1`` through ``ReportPageQuery`` and the desa and school lists of the API
``?kecamatan=`` through ``UnitsQuery``: a value a page cannot read shows its default, the API
answers it with a 400 naming the parameter.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from kecamatan.importers import LEVELS
from kencana.core.query import MAX_ID, CodesField, QueryForm

from .models import Report, ReportState


class ReportFilter(filters.FilterSet):
    kecamatan = filters.CharFilter(field_name="kecamatan__code", label="Kecamatan code")
    period_start = filters.DateFilter()
    state = filters.ChoiceFilter(choices=ReportState.choices)
    template = filters.NumberFilter(field_name="version__template_id")
    tier = filters.CharFilter()

    class Meta:
        model = Report
        fields = ["kecamatan", "period_start", "state", "template", "tier"]


# The rows a completeness figure stands for (``Completeness.showing``), as the filter offers them.
COMPLETENESS_SHOWS = [
    ("", _("Every expected unit")),
    ("submitted", _("Submitted")),
    ("on_time", _("On time")),
    ("verified", _("Verified")),
    ("returned", _("Returned")),
    ("missing", _("Missing")),
    ("overdue", _("Overdue")),
    ("unverified", _("Not verified and not awaiting verification")),
]


class CompletenessQuery(QueryForm):
    """Which assignment (its id), which period (the day it starts) and, for desa and school
    assessments, which kecamatan (its code)."""

    assignment = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    period = forms.DateField(required=False)
    kecamatan = forms.CharField(required=False, max_length=20)


class CompletenessPageQuery(CompletenessQuery):
    """The page also lists the rows behind one figure, and ``?district=63.11`` narrows it to one
    district's assignments (an overseer's home links each district's figures here; a district
    outside the user's scope is a 404)."""

    show = forms.ChoiceField(choices=COMPLETENESS_SHOWS, required=False, initial="")
    district = forms.RegexField(LEVELS["kabupaten"]["pattern"], required=False, initial="")


class ReportPageQuery(QueryForm):
    """``?missing=1`` (a refused submission comes back to the report with it): each question that
    still stops submission is marked where it stands."""

    missing = forms.ChoiceField(choices=[("", ""), ("1", "1")], required=False, initial="")


class UnitsQuery(QueryForm):
    """``?kecamatan=63.11.06``: only the desa or schools of that kecamatan; every one in the user's
    scope when left out. A kecamatan outside the scope is a 404."""

    kecamatan = forms.RegexField(
        LEVELS["kecamatan"]["pattern"],
        required=False,
        initial="",
        error_messages={"invalid": _("Give a kecamatan code such as 63.11.06.")},
    )


class JoinedCodes(forms.TextInput):
    """``?district=63.11&district=63.03`` (the page's checkboxes) reads as ``63.11,63.03``."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return ",".join(v for v in values if v)


class CompareQuery(QueryForm):
    """``?district=63.11,63.03``: the districts side by side (two or more, in the user's scope: a
    district outside it is a 404); ``?template=<id>``: the shared template (its first template in
    the library; the one most of them share when left out); ``?period=YYYY-MM-DD``: as of that
    period (each district's current period when left out)."""

    district = CodesField(
        pattern=LEVELS["kabupaten"]["pattern"],
        widget=JoinedCodes,
        error_messages={"invalid": _("Give district codes such as 63.11, separated by commas.")},
    )
    template = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    period = forms.DateField(
        required=False, error_messages={"invalid": _("Give the period's first day as YYYY-MM-DD.")}
    )
