"""Filters of response lists, and the arguments of its computed pages, shared by the pages and the
API so both read them the same way.

A value a filter or an argument does not know is left out on a page (the list shows unfiltered,
the figures their default) and answered with a 400 naming the parameter by the API.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from kencana.core.query import QueryForm

from .models import Event, EventStatus, ImpactReport, ReportState, Task, TaskState


class EventFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=EventStatus.choices)
    active = filters.BooleanFilter(method="filter_active", label="Not closed (true) or closed (false)")
    hazard = filters.CharFilter(field_name="hazard__code")
    district = filters.CharFilter(field_name="district__code", label="District code")
    kecamatan = filters.CharFilter(field_name="kecamatan__code", label="Kecamatan code", distinct=True)

    class Meta:
        model = Event
        fields = ["status", "active", "hazard", "district", "kecamatan"]

    def filter_active(self, queryset, name, value):
        """The events still under way (what the overseers' dashboards count), or the closed ones."""
        closed = Q(status=EventStatus.CLOSED)
        return queryset.exclude(closed) if value else queryset.filter(closed)


class TaskFilter(filters.FilterSet):
    event = filters.NumberFilter()
    state = filters.ChoiceFilter(choices=TaskState.choices)
    kecamatan = filters.CharFilter(field_name="kecamatan__code")

    class Meta:
        model = Task
        fields = ["event", "state", "kecamatan"]


class ImpactFilter(filters.FilterSet):
    event = filters.NumberFilter()
    desa = filters.CharFilter(field_name="desa__code")
    kecamatan = filters.CharFilter(field_name="kecamatan__code")
    state = filters.ChoiceFilter(choices=ReportState.choices)

    class Meta:
        model = ImpactReport
        fields = ["event", "desa", "kecamatan", "state"]


class AsOfQuery(QueryForm):
    """``?as_of=`` a moment (ISO; without an offset, the district's local time): impact figures as
    they stood then; now when left out."""

    as_of = forms.DateTimeField(required=False)


class EventTasksQuery(QueryForm):
    """``?tasks=late``: only the late tasks on the event's page (the dashboard's "late tasks" figure
    opens it); every task when left out."""

    tasks = forms.ChoiceField(choices=[("", _("All")), ("late", _("Late"))], required=False, initial="")


class ImpactFormQuery(QueryForm):
    """``?desa=`` the desa code an impact report starts with (the count's link from a desa's row);
    the officer chooses when left out or unreadable."""

    desa = forms.CharField(required=False, max_length=20)
