"""The map's GeoJSON: simplified polygons with only what the map shows, cached on the server
(see ``cache.py``) and revalidated by ETag and Last-Modified."""

import datetime
import hashlib
import json
import time

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from kencana.accounts.scope import districts_for, kecamatan_for
from kencana.readiness.periods import local_today
from kencana.response.selectors import kecamatan_events

from . import cache as map_cache
from .readiness_map import (
    STATES,
    default_period,
    kecamatan_states,
    open_alert_counts,
    reporting_periods,
    risk_classes,
    tier_order,
    warehouse_points,
)


def parse_period(raw: str | None) -> datetime.date | None:
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError as exc:
        raise ValidationError({"period": [_("Give the period's first day as YYYY-MM-DD.")]}) from exc


def map_districts(*, user, district_codes: list[str]) -> list[tuple[int, str]]:
    """(id, time zone) of the districts asked for (all in scope when none); 404 if one is not in scope."""
    districts = districts_for(user)
    if district_codes:
        districts = districts.filter(code__in=district_codes)
    rows = list(districts.order_by("code").values_list("id", "timezone"))
    if district_codes and len(rows) != len(set(district_codes)):
        raise Http404
    return rows


def map_collection(*, user, district_rows: list[tuple[int, str]], period: datetime.date | None) -> dict:
    """The FeatureCollection for these districts: simplified polygons for one district, the coarse
    outlines when it covers more (a province, the country)."""
    district_ids = [pk for pk, _tz in district_rows]
    kecamatan = kecamatan_for(user).filter(district_id__in=district_ids)
    periods = reporting_periods(district_ids=district_ids)
    if period is None and district_rows:
        period = default_period(periods=periods, tz_name=district_rows[0][1])
    states = kecamatan_states(
        kecamatan=kecamatan, period_start=period, with_geometry=True, outline=len(district_ids) > 1
    )
    risks = risk_classes(kecamatan=kecamatan)
    alerts = open_alert_counts(user=user, kecamatan=kecamatan)
    disasters = kecamatan_events(user=user, kecamatan=kecamatan)
    tiers = tier_order(district_ids=district_ids)
    features = [
        {
            "type": "Feature",
            "id": row.code,
            "geometry": row.geometry,
            "properties": {
                "code": row.code,
                "name": row.name,
                "district": row.district_code,
                "state": row.state,
                "tier": row.tier,
                "tier_rank": tiers.index(row.tier) if row.tier in tiers else None,
                "score": row.score,
                "last_report": row.last_report_on.isoformat() if row.last_report_on else None,
                "approximate": row.approximate,
                "risk": risks.get(row.code, {}),
                "open_alerts": alerts.get(row.code, 0),
                "event": disasters.get(row.code),
                "url": reverse("kecamatan:detail", args=[row.code]),
            },
        }
        for row in states
    ]
    return {
        "type": "FeatureCollection",
        "features": features,
        "warehouses": {"type": "FeatureCollection", "features": warehouse_points(user=user, district_ids=district_ids)},
        "period": period.isoformat() if period else None,
        "periods": [{"start": p.start.isoformat(), "label": p.label} for p in periods],
        "legend": {
            "states": [{"code": code, "label": str(label)} for code, label in STATES.items()],
            "tiers": tiers,
        },
    }


class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class KecamatanMapView(APIView):
    """Kecamatan of the districts in the user's scope as a GeoJSON FeatureCollection.

    Each feature carries `code`, `name`, `district`, `state` (verified, submitted,
    stale, not_reported), `tier`, `tier_rank`, `score`, `last_report`, `approximate`,
    `risk` ({hazard: class}), `open_alerts`, `event` (the latest disaster event not closed there:
    `id`, `number`, `title`, `status`, `level`, `days_left` and verified `figures`, or null) and `url`. The collection also carries
    `period`, the `periods` that have reports, the `legend`, and `warehouses` (a
    FeatureCollection of points with `name`, `kind`, `shortages` and `url`). Polygons are
    simplified for one district and coarse outlines for several. Answers 304 to a matching
    If-None-Match or If-Modified-Since.
    """

    renderer_classes = [GeoJSONRenderer, JSONRenderer]

    @extend_schema(
        parameters=[
            OpenApiParameter("district", str, description="District codes, comma separated (e.g. 63.11)."),
            OpenApiParameter("period", OpenApiTypes.DATE, description="First day of the reporting period."),
        ],
        responses={
            (200, "application/geo+json"): OpenApiResponse(OpenApiTypes.OBJECT, description="FeatureCollection"),
            304: OpenApiResponse(description="Not modified"),
        },
    )
    def get(self, request: HttpRequest) -> HttpResponse:
        codes = [c.strip() for c in request.GET.get("district", "").split(",") if c.strip()]
        period = parse_period(request.GET.get("period"))
        district_rows = map_districts(user=request.user, district_codes=codes)
        body, etag, modified = self._cached_body(request, district_rows=district_rows, period=period)
        response = HttpResponse(body, content_type="application/geo+json")
        response = get_conditional_response(request, etag=etag, last_modified=modified, response=response)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(modified)
        response["Cache-Control"] = "private, no-cache"
        patch_vary_headers(response, ("Cookie", "Authorization", "Accept-Language"))
        return response

    def _cached_body(self, request, *, district_rows, period) -> tuple[bytes, str, int]:
        """The body, its ETag and when it was built, from the cache when nothing it shows has changed."""
        user = request.user
        # The default period and expired lots turn with each district's calendar day.
        today = sorted({local_today(tz).isoformat() for _pk, tz in district_rows} | {str(timezone.localdate())})
        key = map_cache.body_key(
            district_ids=[pk for pk, _tz in district_rows],
            parts=[map_cache.scope_fingerprint(user), period, get_language(), today],
        )

        def build() -> tuple[bytes, str, int]:
            collection = map_collection(user=user, district_rows=district_rows, period=period)
            body = json.dumps(collection, separators=(",", ":"), ensure_ascii=False).encode()
            return body, f'"{hashlib.sha256(body).hexdigest()[:32]}"', int(time.time())

        return cache.get_or_set(key, build, settings.MAP_CACHE_SECONDS)
