"""The arguments of the map, the kecamatan timeline and the national overview, read the same way
by a page and its API.

A value a page cannot read is left out (the page shows its default); the API answers it with a 400
naming the parameter. A code of the right shape that names a place outside the user's scope is a
404 on both.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from kecamatan.importers import LEVELS
from kencana.core.query import CodesField, QueryForm

DISTRICT_CODES = {
    "pattern": LEVELS["kabupaten"]["pattern"],
    "error_messages": {"invalid": _("Give district codes such as 63.11, separated by commas.")},
}
KECAMATAN_CODES = {
    "pattern": LEVELS["kecamatan"]["pattern"],
    "error_messages": {"invalid": _("Give kecamatan codes such as 63.11.06, separated by commas.")},
}

# The national overview's sortable columns: (key, first direction). Names sort A→Z, figures largest first.
NATIONAL_SORTS = {
    "district": (lambda r: r.area.code, ""),
    "name": (lambda r: r.area.name.lower(), ""),
    "kecamatan": (lambda r: r.kecamatan_total, "-"),
    "verified": (lambda r: r.states["verified"], "-"),
    "submitted": (lambda r: r.states["submitted"], "-"),
    "not_verified": (lambda r: r.not_verified, "-"),
    "completeness": (lambda r: -1 if r.submitted_percent is None else r.submitted_percent, "-"),
    "overdue_reports": (lambda r: r.overdue_reports, "-"),
    "alerts": (lambda r: r.open_alerts, "-"),
    "overdue_items": (lambda r: r.overdue_items, "-"),
    "shortages": (lambda r: r.shortages, "-"),
    "events": (lambda r: (sum(r.emergencies.values()), r.events), "-"),
}


class MapQuery(QueryForm):
    """``?district=63.11,63.03``: the districts on the map (every one in the user's scope when left
    out); ``?period=YYYY-MM-DD``: the reporting period by its first day (the newest one that has
    started when left out)."""

    district = CodesField(**DISTRICT_CODES)
    period = forms.DateField(
        required=False, error_messages={"invalid": _("Give the period's first day as YYYY-MM-DD.")}
    )


class DesaMapQuery(QueryForm):
    """``?kecamatan=63.11.06,63.11.03``: the desa of these kecamatan; or ``?district=63.11``: the desa
    of every kecamatan of these districts."""

    kecamatan = CodesField(**KECAMATAN_CODES)
    district = CodesField(**DISTRICT_CODES)


class TimelineQuery(QueryForm):
    """``?before=<moment>`` (ISO, as the page's "Older" link gives it): the kecamatan's events from
    that moment back; the newest ones when left out."""

    before = forms.DateTimeField(required=False)


class NationalQuery(QueryForm):
    """``?province=63``: one province's districts (every district in scope when left out);
    ``?sort=-alerts``: the column the rows are sorted by, ``-`` for largest first (by district code
    when left out)."""

    province = forms.RegexField(r"^\d{2}$", required=False)
    sort = forms.ChoiceField(
        choices=[(f"{way}{name}", f"{way}{name}") for name in NATIONAL_SORTS for way in ("", "-")],
        required=False,
        initial="district",
    )


class StatusQuery(QueryForm):
    """``?on=YYYY-MM-DD``: the Kencana status with each district at the period it was in that day
    (today, and a day to come, give the current periods)."""

    on = forms.DateField(required=False, error_messages={"invalid": _("Give the day as YYYY-MM-DD.")})
