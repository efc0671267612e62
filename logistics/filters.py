"""Filters of logistics lists, and the arguments of its computed reports, shared by the pages and the
API so both read them the same way.

A value a filter or an argument does not know is left out on a page (the list shows unfiltered,
the report its default) and answered with a 400 naming the parameter by the API.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from kecamatan.importers import LEVELS
from kencana.core.query import MAX_ID, QueryForm

from .models import Category, Document, MinimumStock, Movement, Request

# An id the database can hold: a larger number is a 400, not an overflow in the query (SQLite).
WAREHOUSE_ID = {"min_value": 1, "max_value": MAX_ID}
EXPIRY_WINDOWS = (30, 60, 90)


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


# --- Arguments of computed reports (stock as of a day, shortages, the expiry watch, the stock card) ---


class StockQuery(QueryForm):
    """``?warehouse=<id>&category=food``: one warehouse, one category; all of them when left out."""

    warehouse = forms.IntegerField(required=False, **WAREHOUSE_ID)
    category = forms.ChoiceField(choices=[("", _("All")), *Category.choices], required=False, initial="")


class ShortageQuery(StockQuery):
    """``?district=63.11`` as well: the warehouses of one district (the overseers' dashboards link
    each district's figure here); every warehouse the user sees when left out."""

    district = forms.RegexField(regex=LEVELS["kabupaten"]["pattern"], required=False, max_length=10)


class BalanceQuery(StockQuery):
    """``?as_of=YYYY-MM-DD``: stock at the end of that day; now when left out."""

    as_of = forms.DateField(required=False)


class ExpiryQuery(QueryForm):
    """``?within=30|60|90`` days (90 when left out) and ``?warehouse=<id>``."""

    within = forms.TypedChoiceField(
        choices=[(days, days) for days in EXPIRY_WINDOWS], coerce=int, required=False, initial=EXPIRY_WINDOWS[-1]
    )
    warehouse = forms.IntegerField(required=False, **WAREHOUSE_ID)


class StockCardQuery(QueryForm):
    """``?from=YYYY-MM-DD&to=YYYY-MM-DD``: the stock card between two days (open-ended when left out)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # ``from`` is a Python keyword: the fields are named here.
        self.fields["from"] = forms.DateField(required=False)
        self.fields["to"] = forms.DateField(required=False)
