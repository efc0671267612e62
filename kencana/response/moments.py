"""Moments as a district reads them: stored in UTC, shown and counted in the district's zone."""

import datetime
import zoneinfo

from django.utils import timezone
from django.utils.formats import date_format


def local(moment: datetime.datetime, tz_name: str) -> datetime.datetime:
    return moment.astimezone(zoneinfo.ZoneInfo(tz_name))


def local_today(tz_name: str) -> datetime.date:
    return local(timezone.now(), tz_name).date()


def shown(moment: datetime.datetime, tz_name: str) -> str:
    """A moment in the active language, e.g. "5 Desember 2026 14.00"."""
    return date_format(local(moment, tz_name), "j F Y H.i")
