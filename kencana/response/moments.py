"""Moments as a district reads them: stored in UTC, shown and counted in the district's zone."""

import datetime

from django.utils.formats import date_format

from kencana.core.clock import local


def shown(moment: datetime.datetime, tz_name: str) -> str:
    """A moment in the active language, e.g. "5 Desember 2026 14.00"."""
    return date_format(local(moment, tz_name), "j F Y H.i")
