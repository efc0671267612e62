"""Evidence files and proofs leave the server only through views that check scope, and never as a
page the browser would render or sniff."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.views.static import serve

from .urls_walk import all_routes

# Files the browser may show inline without running anything (nosniff keeps it to the declared type).
INLINE_SAFE = {"application/pdf", "image/png", "image/jpeg", "image/webp", "image/gif"}

FILES = [
    ("evidence", "readiness:evidence", "file"),
    ("evidence", "api-readiness-evidence", "file"),
    ("plan_evidence", "plans:evidence", "file"),
    ("proof", "logistics:proof", "file"),
]


def test_no_url_serves_the_media_directory():
    assert not [route.pattern for route in all_routes() if route.callback is serve]


@pytest.mark.parametrize("kind", sorted({kind for kind, _, _ in FILES}))
def test_a_stored_file_is_not_reachable_at_a_media_url(client_for, client, world, kind):
    stored = world[kind]["paringin"].file
    assert stored.storage.exists(stored.name)
    prefixes = {settings.MEDIA_URL or "/media/", "/media/", "/"}
    for prefix in prefixes:
        path = f"/{prefix.strip('/')}/{stored.name}".replace("//", "/")
        assert client.get(path).status_code == 404, path
    officer = client_for(world["users"]["officer"])
    for prefix in prefixes:
        path = f"/{prefix.strip('/')}/{stored.name}".replace("//", "/")
        assert officer.get(path).status_code == 404, path


@pytest.mark.parametrize(("kind", "name", "attribute"), FILES, ids=[name for _, name, _ in FILES])
def test_scoped_file_views_download_or_show_only_safe_types(client_for, world, kind, name, attribute):
    obj = world[kind]["paringin"]
    response = client_for(world["users"]["officer"]).get(reverse(name, kwargs={"pk": obj.pk}))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == getattr(obj, attribute).open("rb").read()
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response.get("Content-Disposition", "")
    content_type = response["Content-Type"].split(";")[0].strip()
    assert disposition.startswith("attachment") or content_type in INLINE_SAFE, (disposition, content_type)
    assert "html" not in content_type and "svg" not in content_type and "xml" not in content_type


@pytest.mark.parametrize(("kind", "name", "attribute"), FILES, ids=[name for _, name, _ in FILES])
def test_scoped_file_views_hide_other_kecamatan_files(client_for, world, kind, name, attribute):
    awayan_officer = client_for(world["users"]["awayan_officer"])
    for place in ("paringin", "aluh_aluh"):
        assert awayan_officer.get(reverse(name, kwargs={"pk": world[kind][place].pk})).status_code == 404


def test_public_alerts_are_published_to_anyone_as_cap(client, world):
    alert = world["public_alert"]["paringin"]
    response = client.get(reverse("cap:alert", kwargs={"pk": alert.pk}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/cap+xml")
    assert alert.title.encode() in response.content
