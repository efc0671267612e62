"""The rows behind each exportable table, shared by the web pages and the API exports."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import Category


def balance_table(rows: list[dict]) -> tuple[list[str], list[list]]:
    headers = [
        _("Warehouse"),
        _("Item code"),
        pgettext("stock", "Item"),
        _("Category"),
        _("Unit"),
        _("Expiry date"),
        _("Funding source"),
        _("Inventory number"),
        _("Quantity"),
    ]
    categories = dict(Category.choices)
    return headers, [
        [
            r["warehouse"].name,
            r["item"].code,
            r["item"].name,
            categories.get(r["item"].category),
            r["item"].unit,
            r["lot"].expiry_date,
            r["lot"].get_funding_source_display(),
            r["lot"].inventory_number,
            r["quantity"],
        ]
        for r in rows
    ]


def stock_card_table(opening, lines: list[dict]) -> tuple[list[str], list[list]]:
    headers = [_("Date"), _("Recorded at"), _("Document"), _("Kind"), _("Lot"), _("In"), _("Out"), _("Balance")]
    rows = [[None, None, _("Opening balance"), None, None, None, None, opening]]
    for line in lines:
        m = line["movement"]
        rows.append(
            [
                m.business_date,
                m.recorded_at.replace(tzinfo=None),
                m.document.number,
                m.document.get_kind_display(),
                str(m.lot),
                m.quantity if m.quantity > 0 else None,
                -m.quantity if m.quantity < 0 else None,
                line["balance"],
            ]
        )
    return headers, rows


def shortage_table(rows) -> tuple[list[str], list[list]]:
    headers = [
        _("Warehouse"),
        _("Item code"),
        pgettext("stock", "Item"),
        _("Unit"),
        _("Minimum"),
        _("On hand"),
        pgettext("stock", "Missing"),
    ]
    return headers, [
        [r.warehouse.name, r.item.code, r.item.name, r.item.unit, r.minimum, r.on_hand, r.missing] for r in rows
    ]


def expiry_table(balances) -> tuple[list[str], list[list]]:
    headers = [
        _("Warehouse"),
        _("Item code"),
        pgettext("stock", "Item"),
        _("Expiry date"),
        _("Funding source"),
        _("Quantity"),
        _("Unit"),
    ]
    return headers, [
        [
            b.warehouse.name,
            b.item.code,
            b.item.name,
            b.lot.expiry_date,
            b.lot.get_funding_source_display(),
            b.quantity,
            b.item.unit,
        ]
        for b in balances
    ]
