"""Every parser answers non-finite numbers, NUL bytes and out-of-range dates with a clear 400, not a 500.

Each case posts the bad value through the real endpoint and checks the reason and that nothing
was stored.
"""

import json

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from tests.readiness.factories import make_assignment, make_version

from ..factories import today as districts_today

CAP = """<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>UJI-1</identifier><sender>uji@bmkg.go.id</sender><sent>2026-09-24T15:07:00+08:00</sent>
  <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info><language>id</language><category>Met</category><event>Hujan</event><urgency>Immediate</urgency>
    <severity>Severe</severity><certainty>Observed</certainty>
    <area><areaDesc>Paringin</areaDesc><circle>{circle}</circle></area></info>
</alert>"""


def snapshot() -> dict:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def cap_upload(world, circle: str):
    data = CAP.format(circle=circle).encode()
    return lambda: api(world["staff"]).post(
        "/api/v1/cap/import/", {"file": SimpleUploadedFile("cap.xml", data)}, format="multipart"
    )


def report_open(world, period: str):
    assignment = make_assignment(make_version(world["balangan"]), [world["paringin"]])
    body = {"assignment": assignment.pk, "kecamatan": world["paringin"].code, "period": period}
    return lambda: api(world["officer"]).post("/api/v1/readiness/reports/open/", body, format="json")


def template_upload(world, name: str, content: bytes):
    world["client"].force_login(world["admin"])
    return lambda: world["client"].post(
        reverse("readiness:template_import"), {"file": SimpleUploadedFile(name, content), "name": "Impor"}
    )


def template_json(world, weight: str):
    doc = (
        '{"format": "kencana-readiness-template", "name": "X", "thresholds": [{"name": "Pratama", "lower_bound": 0}],'
        ' "sections": [{"title": "A", "indicators": [{"code": "A1", "text_id": "Ada", "answer_type": "yes_no",'
        f' "weight": {weight}}}]}}]}}'
    )
    json.loads(doc)  # Python reads NaN and Infinity; the importer must not
    return template_upload(world, "templat.json", doc.encode())


def dispatch_quantity(world, quantity: str):
    body = {
        "warehouse": 1,
        "business_date": districts_today().isoformat(),
        "destination_text": "Posko",
        "lines": [{"item": "SLMT", "quantity": quantity}],
    }
    return lambda: api(world["staff"]).post(
        "/api/v1/logistics/dispatches/",
        json.dumps(body).replace(f'"{quantity}"', quantity),
        content_type="application/json",
    )


def warning_expiry(world, when: str):
    body = {"kecamatan": [world["paringin"].code], "hazard": "banjir", "title": "Siaga", "expires_at": when}
    return lambda: api(world["staff"]).post("/api/v1/hazard-warnings/", body, format="json")


CASES = {
    "CAP circle radius nan": (lambda w: cap_upload(w, "-2.3,115.4 nan"), 400, "radius must be a number"),
    "CAP circle radius inf": (lambda w: cap_upload(w, "-2.3,115.4 inf"), 400, "radius must be a number"),
    "CAP circle radius negative": (lambda w: cap_upload(w, "-2.3,115.4 -5"), 400, "radius must be a number"),
    "CAP circle centre nan": (lambda w: cap_upload(w, "nan,115.4 5"), 400, "outside the globe"),
    "report for period 9999-10-01": (lambda w: report_open(w, "9999-10-01"), 400, "has not started yet"),
    "template CSV with a NUL byte": (
        lambda w: template_upload(w, "templat.csv", b"section,code\nA,\x00B\n"),
        200,
        "NUL",
    ),
    "template JSON with NaN": (lambda w: template_json(w, "NaN"), 200, "not valid JSON"),
    "template JSON with Infinity": (lambda w: template_json(w, "Infinity"), 200, "not valid JSON"),
    "template JSON with 1e400": (lambda w: template_json(w, "1e400"), 200, "malformed numbers"),
    "dispatch quantity NaN": (lambda w: dispatch_quantity(w, "NaN"), 400, "JSON parse error"),
    "dispatch quantity Infinity": (lambda w: dispatch_quantity(w, "Infinity"), 400, "JSON parse error"),
    "hazard warning until 9999": (lambda w: warning_expiry(w, "9999-12-31T00:00:00+08:00"), 400, "at most 366 days"),
}


@pytest.fixture
def world(client, balangan, paringin, officer, staff, admin_user):
    return {
        "client": client,
        "balangan": balangan,
        "paringin": paringin,
        "officer": officer,
        "staff": staff,
        "admin": admin_user,
    }


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_a_clear_refusal_that_stores_nothing(case, world, settings):
    settings.LANGUAGE_CODE = "en"
    prepare, status, reason = CASES[case]
    post = prepare(world)
    before = snapshot()
    response = post()
    assert response.status_code == status
    assert reason.lower() in response.content.decode().lower()
    assert snapshot() == before
