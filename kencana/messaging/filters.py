"""The field reports' filter, shared by the page and the API so both filter the same way.

A value the filter does not know is left out on the page (which then shows its default, the
unverified reports) and answered with a 400 naming the parameter by the API.
"""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from .models import FieldReport


class FieldReportFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=FieldReport.State.choices, label=_("State"))
    channel = filters.ChoiceFilter(choices=FieldReport._meta.get_field("channel").choices, label=_("Channel"))

    class Meta:
        model = FieldReport
        fields = ["state", "channel"]

    @classmethod
    def for_page(cls, data, queryset) -> "FieldReportFilter":
        """The page's filter: the unverified reports unless a known state is asked for."""
        chosen = cls(data, queryset=queryset)
        if chosen.is_valid() and chosen.form.cleaned_data.get("state"):
            return chosen
        default = cls({"state": FieldReport.State.UNVERIFIED}, queryset=queryset)
        default.is_valid()
        return default
