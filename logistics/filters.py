"""Filters of logistics lists, shared by the pages and the API so both filter the same way."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from .models import Document, Request


class DocumentFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Document.Kind.choices, label=_("Kind"))
    status = filters.ChoiceFilter(choices=Document.Status.choices, label=_("Status"))

    class Meta:
        model = Document
        fields = ["kind", "status"]


class RequestFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Request.Status.choices, label=_("Status"))

    class Meta:
        model = Request
        fields = ["status"]
