"""Reporting periods (quarter, semester, year) and deadlines in the district's time zone."""

import datetime
import zoneinfo

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class PeriodType(models.TextChoices):
    QUARTER = "quarter", gettext_lazy("Quarter")
    SEMESTER = "semester", gettext_lazy("Semester")
    YEAR = "year", gettext_lazy("Year")


_MONTHS = {PeriodType.QUARTER: 3, PeriodType.SEMESTER: 6, PeriodType.YEAR: 12}
_ROMAN = ["I", "II", "III", "IV"]


def period_bounds(period_type: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day of the period that holds ``day``."""
    months = _MONTHS[PeriodType(period_type)]
    first_month = (day.month - 1) // months * months + 1
    start = datetime.date(day.year, first_month, 1)
    return start, next_period_start(period_type, start) - datetime.timedelta(days=1)


def next_period_start(period_type: str, start: datetime.date) -> datetime.date:
    months = _MONTHS[PeriodType(period_type)]
    month = start.month - 1 + months
    return datetime.date(start.year + month // 12, month % 12 + 1, 1)


def previous_period_start(period_type: str, start: datetime.date) -> datetime.date:
    return period_bounds(period_type, start - datetime.timedelta(days=1))[0]


def period_starts(period_type: str, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Starts of every period from the one holding ``first`` to the one holding ``last``."""
    start, _end = period_bounds(period_type, first)
    starts = []
    while start <= last:
        starts.append(start)
        start = next_period_start(period_type, start)
    return starts


def period_label(period_type: str, start: datetime.date) -> str:
    if period_type == PeriodType.QUARTER:
        return _("Quarter %(n)s %(year)s") % {"n": _ROMAN[(start.month - 1) // 3], "year": start.year}
    if period_type == PeriodType.SEMESTER:
        return _("Semester %(n)s %(year)s") % {"n": 1 if start.month <= 6 else 2, "year": start.year}
    return _("Year %(year)s") % {"year": start.year}


def period_key(start: datetime.date) -> str:
    """The period's start as used in URLs and filters (YYYY-MM-DD)."""
    return start.isoformat()


def deadline_end(day: datetime.date, tz_name: str) -> datetime.datetime:
    """The moment a deadline day ends in the district's zone: a report is on time until midnight local."""
    next_day = day + datetime.timedelta(days=1)
    return datetime.datetime.combine(next_day, datetime.time.min, tzinfo=zoneinfo.ZoneInfo(tz_name))
