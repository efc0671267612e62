"""What pages keep in the Django cache, dropped the moment what it shows changes: the map's
GeoJSON, home-page figures and rows, and read-only blocks of the response pages.

Every district has a generation counter. The dashboard (``kencana.dashboard.subscriptions``) bumps
it on every domain event the services announce about the district (a report, risk profile, alert,
warehouse, minimum, balance, template, plan, event, shelter, kecamatan or desa changed), and a
global counter on changes made around the services (the admin, seeds, restores). A kept value's
key holds the generations of the districts it covers, so a change makes the next request build it
afresh without anyone having to find the old ones; they simply expire.
"""

import hashlib
import json
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from kencana.accounts.scope import kecamatan_for

from .clock import days_key

EVERY_DISTRICT = "all"


def _counter(district_id: int | str) -> str:
    return f"kencana:map:generation:{district_id}"


def generations(district_ids: Iterable[int]) -> list[int]:
    """The counters of these districts and the global one, in one cache round trip."""
    keys = [_counter(pk) for pk in district_ids] + [_counter(EVERY_DISTRICT)]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        # A lost counter (evicted, cache flushed) restarts at a value never used before,
        # so a body cached under an earlier count is never taken for a fresh one.
        start = time.time_ns()
        for key in missing:
            cache.add(key, start, timeout=None)
        found.update(cache.get_many(missing))
    return [found.get(key, 0) for key in keys]


def _increment(keys: list[str]) -> None:
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:  # no counter yet: nothing cached under it either
            cache.add(key, time.time_ns(), timeout=None)


def bump(district_ids: Iterable[int | None] | None = None) -> None:
    """Invalidate the cached maps of these districts (of every district when None).

    Bumped at once, so the rest of this transaction reads fresh, and again after the
    commit, so a body a concurrent request built from the old rows meanwhile is not kept.
    """
    if district_ids is None:
        keys = [_counter(EVERY_DISTRICT)]
    else:
        keys = [_counter(pk) for pk in sorted({pk for pk in district_ids if pk is not None})]
    if not keys:
        return
    _increment(keys)
    transaction.on_commit(lambda: _increment(keys))


def scope_fingerprint(user) -> str:
    """What decides which rows of a district the user sees: the whole district for BPBD,
    overseers and superusers, the assigned kecamatan for officers (one query)."""
    if user.is_superuser or user.is_national:
        return "superuser"
    if user.is_province:
        return f"province:{user.province_id}"
    if user.is_bpbd:
        return f"bpbd:{user.district_id}"
    kecamatan_ids = sorted(kecamatan_for(user).values_list("pk", flat=True))
    return f"kecamatan:{user.district_id}:{','.join(map(str, kecamatan_ids))}"


def body_key(*, district_ids: list[int], parts: list) -> str:
    """The cache key of a body: the covered districts' generations and whatever else it depends on."""
    ids = sorted(district_ids)
    return key_of(ids, generations(ids), *parts)


def kept(*, user, parts: list, build, district_ids: list[int] | None = None):
    """What ``build()`` returns, kept until something in the districts changes (the user's own by
    default), or the user's scope, the language or the district's day does. For data and rendered
    blocks that do not change with the clock: never a form or a CSRF token, never what only one
    user may see (put the permission that decides it in ``parts``)."""
    key = body_key(
        district_ids=district_ids if district_ids is not None else [user.district_id],
        parts=[*parts, scope_fingerprint(user), get_language(), days_key()],
    )
    return cache.get_or_set(key, build, settings.MAP_CACHE_SECONDS)


def key_of(*parts) -> str:
    """A cache key for whatever these parts (generations among them) describe."""
    raw = json.dumps(parts, default=str, separators=(",", ":"))
    return f"kencana:map:body:{hashlib.sha256(raw.encode()).hexdigest()}"


def kept_many(keys: dict, build, timeout: int) -> dict:
    """{name: value} for {name: key}: what the cache holds, plus ``build(missing names)`` for the
    rest (stored for next time), in one read and one write whatever their number."""
    found = cache.get_many(list(keys.values()))
    missing = [name for name, key in keys.items() if key not in found]
    built = build(missing) if missing else {}
    cache.set_many({keys[name]: value for name, value in built.items()}, timeout)
    return {name: found[key] if key in found else built[name] for name, key in keys.items()}
