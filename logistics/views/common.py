import datetime

from kencana.accounts.scope import districts_for
from kencana.core.clock import ZONES, local_today
from kencana.core.exports import FORMATS, export_response

from .. import selectors
from ..forms import LotChoices
from ..services.common import district_today


def today_for(user) -> datetime.date:
    district = districts_for(user).first() if not user.district_id else user.district
    return district_today(district) if district else local_today(ZONES[0])  # no district at all: WIB


def maybe_export(request, filename: str, table) -> object | None:
    """The table as a download when ?format=csv or ?format=xlsx is asked, else None."""
    fmt = request.GET.get("format")
    if fmt not in FORMATS:
        return None
    headers, rows = table()
    return export_response(filename=filename, headers=headers, rows=rows, fmt=fmt)


def export_links(request) -> dict:
    """URLs of the current page (with its filters) as CSV and XLSX."""
    query = request.GET.copy()
    links = {}
    for fmt in FORMATS:
        query["format"] = fmt
        links[fmt] = f"{request.path}?{query.urlencode()}"
    return links


def lots_in_stock(user) -> LotChoices:
    """The lot choices of a stock form: lots in the user's warehouses, with where each is held."""
    return LotChoices(*selectors.lots_in_stock(user=user))
