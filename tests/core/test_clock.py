""" "Today" is always a district's day: the product never asks for the server's date.

The suite runs at 05:15 WITA, when UTC is still on the day before (tests/conftest.py); this guard
also keeps new code from taking today without a zone where no test happens to look.
"""

import datetime
import re
from pathlib import Path

from kencana.core.clock import ZONES, days_key, local_today

ROOT = Path(__file__).resolve().parents[2]
SERVER_TODAY = re.compile(r"timezone\.localdate\(\)|\bdate\.today\(\)|timezone\.now\(\)\.date\(\)")
# The benchmark's record of the machine it ran on keeps the machine's date.
ALLOWED = {"kencana/operations/bench/machine.py"}


def test_no_module_of_the_product_takes_today_without_a_zone():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for package in ("kencana", "kecamatan", "logistics")
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts and str(path.relative_to(ROOT)) not in ALLOWED
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if SERVER_TODAY.search(line)
    ]
    assert found == []


def test_early_morning_in_wita_is_already_today_there_but_yesterday_in_utc():
    utc_day = datetime.datetime.now(datetime.UTC).date()
    assert local_today("Asia/Makassar") == utc_day + datetime.timedelta(days=1)
    assert local_today("Asia/Jakarta") == utc_day + datetime.timedelta(days=1)  # 04:15 WIB


def test_the_days_key_turns_with_any_zone():
    assert days_key().split("/") == [local_today(zone).isoformat() for zone in ZONES]
