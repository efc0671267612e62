"""The map's GeoJSON: simplified polygons with only what the map shows, cached on the server
(see ``kencana.core.generations``) and revalidated by ETag and Last-Modified."""

import datetime
import hashlib
import json
import time

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from kecamatan.models import Desa, District
from kecamatan.selectors import desa_list
from kencana.accounts.scope import districts_for, kecamatan_for
from kencana.core import generations as map_cache
from kencana.core.clock import days_key
from kencana.readiness.selectors import desa_tiers
from kencana.response.selectors import kecamatan_events
from kencana.shelters.selectors import shelter_points

from .filters import DesaMapQuery, MapQuery
from .readiness_map import (
    STATES,
    Period,
    default_period,
    district_periods,
    kecamatan_states,
    merged_periods,
    open_alert_counts,
    reporting_periods,
    risk_classes,
    tier_order,
    warehouse_points,
)


def map_districts(*, user, district_codes: list[str]) -> list[tuple[int, str]]:
    """(id, time zone) of the districts asked for (all in scope when none); 404 if one is not in scope."""
    districts = districts_for(user)
    if district_codes:
        districts = districts.filter(code__in=district_codes)
    rows = list(districts.order_by("code").values_list("id", "timezone"))
    if district_codes and len(rows) != len(set(district_codes)):
        raise Http404
    return rows


def map_collection(*, user, district_rows: list[tuple[int, str]], period: datetime.date | None) -> dict | bytes:
    """The FeatureCollection for these districts: simplified polygons for one district, the coarse
    outlines when it covers more (a province, the country). Over several districts it is put
    together from each district's features as encoded JSON, each kept under its own district's
    generation, so a change in one district rebuilds that district's part only."""
    district_ids = [pk for pk, _tz in district_rows]
    counters = map_cache.generations(district_ids)
    if len(district_ids) == 1:
        periods = reporting_periods(district_ids=district_ids)
    else:
        periods = _kept_periods(district_ids=district_ids, counters=counters)
    if period is None and district_rows:
        period = default_period(periods=periods, tz_name=district_rows[0][1])
    tiers = tier_order(district_ids=district_ids)
    head = {
        "period": period.isoformat() if period else None,
        "periods": [{"start": p.start.isoformat(), "label": p.label} for p in periods],
        "legend": {
            "states": [{"code": code, "label": str(label)} for code, label in STATES.items()],
            "tiers": tiers,
        },
    }
    if len(district_ids) == 1:
        layers = _map_layers(user=user, district_ids=district_ids, period=period, tiers=tiers, outline=False)
        return {"type": "FeatureCollection", **{name: features for name, features in layers.items()}, **head}
    parts = _district_parts(user=user, district_ids=district_ids, counters=counters, period=period, tiers=tiers)
    return _joined(parts, head)


def _kept_periods(*, district_ids: list[int], counters: list[int]) -> list[Period]:
    """The periods with reports in these districts, newest first, from each district's kept list.

    Each district's periods are kept as plain (day number, period type) pairs: the country's map
    reads 514 such lists after every change, and rebuilding thousands of period objects from the
    cache took longer than the one district's rebuild."""
    keys = {
        pk: map_cache.key_of("map-period-days", pk, generation, counters[-1])
        for pk, generation in zip(district_ids, counters, strict=False)
    }

    def build(missing: list[int]) -> dict[int, tuple]:
        found = district_periods(district_ids=missing)
        return {pk: tuple((p.start.toordinal(), p.period_type) for p in periods) for pk, periods in found.items()}

    by_district = map_cache.kept_many(keys, build, settings.MAP_CACHE_SECONDS)
    pairs = {pair for periods in by_district.values() for pair in periods}
    return merged_periods(Period(datetime.date.fromordinal(day), kind) for day, kind in pairs)


LAYERS = ("features", "warehouses", "shelters")


def _map_layers(*, user, district_ids: list[int], period, tiers: list[str], outline: bool) -> dict[str, list[dict]]:
    """The kecamatan features and the warehouse and shelter points of these districts."""
    kecamatan = kecamatan_for(user).filter(district_id__in=district_ids)
    states = kecamatan_states(kecamatan=kecamatan, period_start=period, with_geometry=True, outline=outline)
    risks = risk_classes(kecamatan=kecamatan)
    alerts = open_alert_counts(user=user, kecamatan=kecamatan)
    disasters = kecamatan_events(user=user, kecamatan=kecamatan)
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
                "label": list(row.label) if row.label else None,
            },
        }
        for row in states
    ]
    return {
        "features": features,
        "warehouses": {"type": "FeatureCollection", "features": warehouse_points(user=user, district_ids=district_ids)},
        "shelters": {"type": "FeatureCollection", "features": shelter_points(user=user, district_ids=district_ids)},
    }


def _district_parts(
    *, user, district_ids: list[int], counters: list[int], period, tiers: list[str]
) -> dict[int, dict[str, bytes]]:
    """{district id: {layer: its features as comma-separated JSON}}, kept per district (``counters``
    are the districts' generations and the global one, as ``generations`` gives them)."""
    shared = [map_cache.scope_fingerprint(user), get_language(), period, tiers, days_key(), counters[-1]]
    keys = {
        pk: map_cache.key_of("map-part", pk, generation, *shared)
        for pk, generation in zip(district_ids, counters, strict=False)
    }

    def build(missing: list[int]) -> dict[int, dict[str, bytes]]:
        layers = _map_layers(user=user, district_ids=missing, period=period, tiers=tiers, outline=True)
        codes = dict(District.objects.filter(pk__in=missing).values_list("code", "pk"))
        grouped: dict[int, dict[str, list[bytes]]] = {pk: {name: [] for name in LAYERS} for pk in missing}
        for name in LAYERS:
            features = layers[name] if name == "features" else layers[name]["features"]
            for feature in features:
                grouped[codes[feature["properties"]["district"]]][name].append(_encoded(feature))
        return {pk: {name: b",".join(found) for name, found in layers_of.items()} for pk, layers_of in grouped.items()}

    return map_cache.kept_many(keys, build, settings.MAP_CACHE_SECONDS)


def _encoded(value) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def _joined(parts: dict[int, dict[str, bytes]], head: dict) -> bytes:
    """The FeatureCollection written from the districts' encoded parts, in district order."""

    def layer(name: str) -> bytes:
        return b"[" + b",".join(part[name] for part in parts.values() if part[name]) + b"]"

    points = b'{"type":"FeatureCollection","features":'
    return b"".join(
        [
            b'{"type":"FeatureCollection","features":',
            layer("features"),
            b',"warehouses":',
            points,
            layer("warehouses"),
            b'},"shelters":',
            points,
            layer("shelters"),
            b"},",
            _encoded(head)[1:],
        ]
    )


class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class CachedGeoJSONView(APIView):
    """A GeoJSON body kept on the server under the generations of the districts it shows (see
    ``cache.py``) and revalidated by ETag and Last-Modified."""

    renderer_classes = [GeoJSONRenderer, JSONRenderer]

    def respond(self, request: HttpRequest, *, district_ids: list[int], parts: list, build) -> HttpResponse:
        """The response for ``build()``'s collection, built only when nothing kept matches the
        districts' generations, the user's scope, the language and ``parts``."""
        key = map_cache.body_key(
            district_ids=district_ids, parts=[map_cache.scope_fingerprint(request.user), get_language(), *parts]
        )

        def body() -> tuple[bytes, str, int]:
            built = build()
            encoded = built if isinstance(built, bytes) else _encoded(built)
            return encoded, f'"{hashlib.sha256(encoded).hexdigest()[:32]}"', int(time.time())

        content, etag, modified = cache.get_or_set(key, body, settings.MAP_CACHE_SECONDS)
        response = HttpResponse(content, content_type="application/geo+json")
        response = get_conditional_response(request, etag=etag, last_modified=modified, response=response)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(modified)
        response["Cache-Control"] = "private, no-cache"
        patch_vary_headers(response, ("Cookie", "Authorization", "Accept-Language"))
        return response


GEOJSON_RESPONSES = {
    (200, "application/geo+json"): OpenApiResponse(OpenApiTypes.OBJECT, description="FeatureCollection"),
    304: OpenApiResponse(description="Not modified"),
}


class KecamatanMapView(CachedGeoJSONView):
    """Kecamatan of the districts in the user's scope as a GeoJSON FeatureCollection.

    Each feature carries `code`, `name`, `district`, `state` (verified, submitted,
    stale, not_reported), `tier`, `tier_rank`, `score`, `last_report`, `approximate`,
    `risk` ({hazard: class}), `open_alerts`, `event` (the latest disaster event not closed there:
    `id`, `number`, `title`, `status`, `level`, `days_left` and verified `figures`, or null), `url`
    and `label` ([lat, lon] inside the polygon, where its name goes). The collection also carries
    `period`, the `periods` that have reports, the `legend`, and `warehouses` (a
    FeatureCollection of points with `name`, `kind`, `shortages` and `url`). Polygons are
    simplified for one district and coarse outlines for several. A district outside the user's scope
    is a 404; a code or a period that cannot be read, a 400 naming the parameter. Answers 304 to a
    matching If-None-Match or If-Modified-Since.
    """

    @extend_schema(
        parameters=[
            OpenApiParameter("district", str, description="District codes, comma separated (e.g. 63.11)."),
            OpenApiParameter("period", OpenApiTypes.DATE, description="First day of the reporting period."),
        ],
        responses=GEOJSON_RESPONSES,
    )
    def get(self, request: HttpRequest) -> HttpResponse:
        asked = MapQuery(request.query_params).strict()
        period = asked["period"]
        district_rows = map_districts(user=request.user, district_codes=asked["district"])
        return self.respond(
            request,
            district_ids=[pk for pk, _tz in district_rows],
            parts=["kecamatan", period, days_key()],  # the default period and expired lots turn with the day
            build=lambda: map_collection(user=request.user, district_rows=district_rows, period=period),
        )


def desa_kecamatan(*, user, kecamatan_codes: list[str], district_codes: list[str]) -> list[tuple[int, int]]:
    """(id, district id) of the kecamatan whose desa are asked for: the ones named, or every one of
    the districts named, in the user's scope. 404 if one named is not in scope."""
    if not kecamatan_codes and not district_codes:
        raise ValidationError({"kecamatan": [_("Give a kecamatan or a district code.")]})
    kecamatan = kecamatan_for(user)
    if kecamatan_codes:
        rows = list(kecamatan.filter(code__in=kecamatan_codes).values_list("id", "district_id"))
        if len(rows) != len(set(kecamatan_codes)):
            raise Http404
        return rows
    district_ids = [pk for pk, _tz in map_districts(user=user, district_codes=district_codes)]
    return list(kecamatan.filter(district_id__in=district_ids).values_list("id", "district_id"))


def desa_collection(*, user, kecamatan_ids: list[int]) -> dict:
    """The desa/kelurahan of these kecamatan with their simplified outlines."""
    kinds = dict(Desa.Kind.choices)
    rows = (
        desa_list(user=user)
        .filter(kecamatan_id__in=kecamatan_ids)
        .order_by("code")
        .values("id", "code", "name", "kind", "kecamatan__code", "boundary_simplified", "centroid_lat", "centroid_lon")
    )
    tiers = desa_tiers(user=user, kecamatan_ids=kecamatan_ids)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": row["code"],
                "geometry": row["boundary_simplified"],
                "properties": {
                    "code": row["code"],
                    "name": row["name"],
                    "kind": str(kinds.get(row["kind"], row["kind"])),
                    "kecamatan": row["kecamatan__code"],
                    "label": _label(row["centroid_lat"], row["centroid_lon"]),
                    "tier": tiers.get(row["id"]),
                },
            }
            for row in rows
        ],
    }


def _label(lat: float | None, lon: float | None) -> list[float] | None:
    return [lat, lon] if lat is not None and lon is not None else None


class DesaMapView(CachedGeoJSONView):
    """Desa and kelurahan of one or more kecamatan (or of whole districts) in the user's scope, as a
    GeoJSON FeatureCollection of simplified polygons: the map's layer when zoomed in on a kecamatan.

    Each feature carries `code`, `name`, `kind` (Desa or Kelurahan), `kecamatan`, `label`
    ([lat, lon] inside the polygon) and `tier` (of its latest verified desa assessment, or null).
    Give `kecamatan` or `district`; a code outside the user's scope is a 404, a code that cannot be
    read a 400 naming the parameter. Answers 304 to a matching If-None-Match or If-Modified-Since.
    """

    @extend_schema(
        parameters=[
            OpenApiParameter("kecamatan", str, description="Kecamatan codes, comma separated (e.g. 63.11.06)."),
            OpenApiParameter("district", str, description="District codes, comma separated, when no kecamatan."),
        ],
        responses=GEOJSON_RESPONSES,
    )
    def get(self, request: HttpRequest) -> HttpResponse:
        asked = DesaMapQuery(request.query_params).strict()
        rows = desa_kecamatan(user=request.user, kecamatan_codes=asked["kecamatan"], district_codes=asked["district"])
        kecamatan_ids = sorted(pk for pk, _district in rows)
        return self.respond(
            request,
            district_ids=sorted({district for _pk, district in rows}),
            parts=["desa", kecamatan_ids],
            build=lambda: desa_collection(user=request.user, kecamatan_ids=kecamatan_ids),
        )
