"""Alert and notification filters, shared by the pages and the API so both filter the same way."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from kencana.accounts.scope import districts_for, kecamatan_for

from .models import Alert, Notification, Severity
from .rules import REGISTRY


class AlertFilter(filters.FilterSet):
    STATE_CHOICES = [("active", _("Open or acknowledged")), *Alert.State.choices, ("all", _("All"))]

    state = filters.ChoiceFilter(choices=STATE_CHOICES, method="filter_state", label=_("State"), empty_label=None)
    severity = filters.ChoiceFilter(choices=Severity.choices, label=_("Severity"), empty_label=_("Any"))
    rule = filters.ChoiceFilter(
        choices=lambda: [(c, r.label) for c, r in REGISTRY.items()], label=_("Rule"), empty_label=_("Any")
    )
    kecamatan = filters.CharFilter(field_name="kecamatan__code", label=_("Kecamatan"))
    district = filters.CharFilter(field_name="district__code", label=_("District"))

    class Meta:
        model = Alert
        fields = ["state", "severity", "rule", "district", "kecamatan"]

    def offer_places_by_name(self, user) -> "AlertFilter":
        """For the page: its form offers places by name (the filters still take Kemendagri codes,
        as the API does): the districts in scope when there are several, and the kecamatan of one
        district, the user's or the one chosen. Where there is nothing to choose, the field stays
        in the form, hidden."""
        districts = list(districts_for(user).order_by("name").only("code", "name", "kind"))
        self._offer("district", [(d.code, d.display_name) for d in districts])
        chosen = self.form["district"].value() or (districts[0].code if len(districts) == 1 else "")
        kecamatan = kecamatan_for(user).filter(district__code=chosen).order_by("name").only("code", "name")
        self._offer("kecamatan", [(k.code, k.name) for k in kecamatan] if chosen else [])
        return self

    def _offer(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.form.fields[name]
        field.widget = forms.Select(choices=[("", _("Any")), *choices]) if len(choices) > 1 else forms.HiddenInput()

    def filter_state(self, queryset, name, value):
        if value == "all":
            return queryset
        if value == "active" or not value:
            return queryset.exclude(state=Alert.State.RESOLVED)
        return queryset.filter(state=value)

    @property
    def qs(self):
        queryset = super().qs
        # No state chosen means the active ones: what needs attention.
        if not self.data.get("state"):
            queryset = queryset.exclude(state=Alert.State.RESOLVED)
        return queryset


class NotificationFilter(filters.FilterSet):
    """The inbox page's "unread only" (``?unread=1``) and the API's ``read_at__isnull`` are one filter."""

    unread = filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", label="Only unread (true) or only read (false)"
    )

    class Meta:
        model = Notification
        fields = {"read_at": ["isnull"], "severity": ["exact"]}
