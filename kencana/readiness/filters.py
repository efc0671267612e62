"""Filters of readiness lists for the API.

The results page filters the same reports through ``forms.ResultsFilterForm`` (its fields are
drawn on the page, with the periods and kecamatan of the user's scope as choices).
"""

from django_filters import rest_framework as filters

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
