"""The map's GeoJSON: simplified polygons with only what the map shows, revalidated by ETag."""

import datetime
import hashlib
import json

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from kencana.accounts.scope import districts_for, kecamatan_for

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


def map_collection(*, user, district_codes: list[str], period: datetime.date | None) -> dict:
    """The FeatureCollection for the districts asked for (all in scope when none)."""
    districts = districts_for(user)
    if district_codes:
        districts = districts.filter(code__in=district_codes)
        if districts.count() != len(set(district_codes)):
            raise Http404
    district_rows = list(districts.values_list("id", "timezone"))
    district_ids = [pk for pk, _tz in district_rows]
    kecamatan = kecamatan_for(user).filter(district_id__in=district_ids)
    periods = reporting_periods(district_ids=district_ids)
    if period is None and district_rows:
        period = default_period(periods=periods, tz_name=district_rows[0][1])
    states = kecamatan_states(kecamatan=kecamatan, period_start=period, with_geometry=True)
    risks = risk_classes(kecamatan=kecamatan)
    alerts = open_alert_counts(user=user, kecamatan=kecamatan)
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
    `risk` ({hazard: class}), `open_alerts` and `url`. The collection also carries
    `period`, the `periods` that have reports, the `legend`, and `warehouses` (a
    FeatureCollection of points with `name`, `kind`, `shortages` and `url`). Answers 304 to a matching
    If-None-Match.
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
        codes = [c for c in request.GET.get("district", "").split(",") if c.strip()]
        collection = map_collection(
            user=request.user, district_codes=[c.strip() for c in codes], period=parse_period(request.GET.get("period"))
        )
        body = json.dumps(collection, separators=(",", ":"), ensure_ascii=False).encode()
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(body, content_type="application/geo+json")
        response["ETag"] = etag
        response["Cache-Control"] = "private, no-cache"
        patch_vary_headers(response, ("Cookie", "Authorization", "Accept-Language"))
        return response
