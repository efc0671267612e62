"""Filters of logistics lists, shared by the pages and the API so both filter the same way.

A value a filter does not know is left out on a page and answered with a 400 naming the
parameter by the API.
"""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from .models import Document, MinimumStock, Movement, Request

# An id the database can hold: a larger number is a 400, not an overflow in the query (SQLite).
WAREHOUSE_ID = {"min_value": 1, "max_value": 2**63 - 1}


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


class MovementFilter(filters.FilterSet):
    warehouse = filters.NumberFilter(field_name="warehouse_id", label="Warehouse id", **WAREHOUSE_ID)
    item = filters.CharFilter(field_name="item__code", label="Item code, e.g. SLMT")

    class Meta:
        model = Movement
        fields = ["warehouse", "item"]


class MinimumFilter(filters.FilterSet):
    warehouse = filters.NumberFilter(field_name="warehouse_id", label="Warehouse id", **WAREHOUSE_ID)

    class Meta:
        model = MinimumStock
        fields = ["warehouse"]
