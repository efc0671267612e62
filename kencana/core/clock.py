"""Moments and days as a district lives them: stored in UTC, counted in the district's own zone.

A district's "today" turns at its local midnight (WITA is UTC+8: until 08:00 WITA the UTC date is
still yesterday's), so every "today" of the programme (a period opening, a draft lock, an overdue
item, a stock document's date, a decree) is ``local_today(district.timezone)``, never the server's.
"""

import datetime
import zoneinfo

from django.utils import timezone


def local(moment: datetime.datetime, tz_name: str) -> datetime.datetime:
    return moment.astimezone(zoneinfo.ZoneInfo(tz_name))


def local_today(tz_name: str) -> datetime.date:
    return local(timezone.now(), tz_name).date()


ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")  # WIB, WITA, WIT


def days_key() -> str:
    """Today in each of the country's zones: a cached page that counts days (overdue, expiring,
    the default period) is built again when the day turns in any district, not at UTC midnight."""
    return "/".join(local_today(zone).isoformat() for zone in ZONES)
