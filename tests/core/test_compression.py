"""Pages and API answers travel compressed when the client accepts it, and only then."""

import gzip
import json

from django.urls import reverse


def _get(client, url, **headers):
    return client.get(url, headers=headers)


def test_a_page_is_compressed_for_a_client_that_accepts_gzip_and_plain_otherwise(client_for, staff):
    client = client_for(staff)
    plain = _get(client, reverse("home"))
    packed = _get(client, reverse("home"), accept_encoding="gzip, deflate, br")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert len(packed.content) < len(plain.content) / 2
    assert "Kencana" in gzip.decompress(packed.content).decode()


def test_an_api_answer_is_compressed_too(client_for, staff, paringin, awayan):
    response = _get(client_for(staff), reverse("kecamatan-list"), accept_encoding="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "results" in json.loads(gzip.decompress(response.content))
