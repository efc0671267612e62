"""Filters of plans lists, shared by the pages and the API so both filter the same way.

A value a filter does not know is left out on a page (the list shows unfiltered) and answered
with a 400 naming the parameter by the API.
"""

from django import forms
from django_filters import rest_framework as filters

from kencana.core.query import QueryForm

from .models import ActionItem, Agency, QuickResponseCard
from .selectors import overdue_action_items


class AgencyFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Agency.Kind.choices)
    kecamatan = filters.CharFilter(field_name="kecamatan__code", label="Kecamatan code, e.g. 63.11.06")
    name = filters.CharFilter(field_name="name", lookup_expr="icontains")
    q = filters.CharFilter(
        field_name="name", lookup_expr="icontains", label="Name contains (as the agencies page's search box)"
    )

    class Meta:
        model = Agency
        fields = ["kind", "kecamatan", "name", "q", "is_active"]


class ActionItemFilter(filters.FilterSet):
    kecamatan = filters.CharFilter(field_name="plan__kecamatan__code", label="Kecamatan code, e.g. 63.11.06")
    district = filters.CharFilter(field_name="plan__district__code", label="District code, e.g. 63.11")
    district_plan = filters.BooleanFilter(
        field_name="plan__kecamatan", lookup_expr="isnull", label="Only the district plan"
    )
    status = filters.MultipleChoiceFilter(choices=ActionItem.Status.choices)
    hazard = filters.CharFilter(field_name="hazard__code")
    overdue = filters.BooleanFilter(
        method="filter_overdue", label="Only overdue items (true) or only the others (false)"
    )

    class Meta:
        model = ActionItem
        fields = ["kecamatan", "district", "district_plan", "status", "hazard", "overdue"]

    def filter_overdue(self, queryset, name, value):
        user = self.request.user
        overdue = overdue_action_items(district_ids=[user.district_id] if user.district_id else None).values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class CardFilter(filters.FilterSet):
    kecamatan = filters.CharFilter(field_name="kecamatan__code", label="Kecamatan code, e.g. 63.11.06")
    hazard = filters.CharFilter(field_name="hazard__code")

    class Meta:
        model = QuickResponseCard
        fields = ["kecamatan", "hazard"]


class PlanIndexQuery(QueryForm):
    """``?overdue=1`` (the dashboard's figure opens it): the plans page also lists the overdue items."""

    overdue = forms.ChoiceField(choices=[("", ""), ("1", "1")], required=False, initial="")
