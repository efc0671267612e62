"""The OpenAPI schema is made once per language in a process, and served the same to everyone."""

from drf_spectacular import generators

from kencana.core.api import SchemaGenerator


def test_the_public_schema_is_made_once_per_language_and_served_to_everyone(client, staff, monkeypatch):
    SchemaGenerator._kept.clear()
    parsed = []
    parse = generators.SchemaGenerator.parse
    monkeypatch.setattr(
        generators.SchemaGenerator, "parse", lambda self, *a, **k: parsed.append(1) or parse(self, *a, **k)
    )
    headers = {"Accept": "application/vnd.oai.openapi+json"}

    anonymous = client.get("/api/schema/", headers=headers)
    client.force_login(staff)
    logged_in = client.get("/api/schema/", headers=headers)
    assert anonymous.status_code == logged_in.status_code == 200
    assert anonymous.json() == logged_in.json() and "/api/v1/kecamatan/" in anonymous.json()["paths"]
    assert len(parsed) == 1

    english = client.get("/api/schema/?lang=en", headers=headers)
    assert english.status_code == 200 and len(parsed) == 2


def test_a_schema_for_one_users_permissions_is_made_afresh(rf, staff):
    from rest_framework.request import Request

    request = Request(rf.get("/api/schema/"))
    request.user = staff
    generator = SchemaGenerator()
    assert generator.get_schema(request=request, public=False) is not generator.get_schema(
        request=request, public=False
    )
