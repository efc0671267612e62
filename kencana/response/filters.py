"""Filters of response lists, shared by the pages and the API so both filter the same way.

A value a filter does not know is left out on a page (the list shows unfiltered) and answered
with a 400 naming the parameter by the API.
"""

from django_filters import rest_framework as filters

from .models import Event, EventStatus, ImpactReport, ReportState, Task, TaskState


class EventFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=EventStatus.choices)
    hazard = filters.CharFilter(field_name="hazard__code")
    kecamatan = filters.CharFilter(field_name="kecamatan__code", label="Kecamatan code", distinct=True)

    class Meta:
        model = Event
        fields = ["status", "hazard", "kecamatan"]


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
