"""Shelters in the synthetic country: the asked numbers, the bench event's hundred, counts that add up."""

import io
import json

import pytest
from django.core.management import call_command
from django.db.models import F

from kencana.shelters import selectors
from kencana.shelters.models import Shelter, ShelterCount
from tests.operations.test_seed_synthetic import SMALL


@pytest.mark.django_db
def test_the_synthetic_country_has_shelters_with_stores_and_counts(tmp_path):
    manifest_path = tmp_path / "synthetic.json"
    sizes = [*SMALL, "--shelters", "120", "--shelter-counts", "600"]
    call_command("seed_synthetic", *sizes, "--manifest", str(manifest_path), stdout=io.StringIO())
    manifest = json.loads(manifest_path.read_text())
    assert Shelter.objects.count() == 120 and ShelterCount.objects.count() == 600
    bench = Shelter.objects.filter(event_id=manifest["event"])
    assert bench.count() == 100
    assert not Shelter.objects.exclude(store__kind="posko").exists()
    assert not Shelter.objects.exclude(store__kecamatan_served=F("kecamatan")).exists()
    assert not ShelterCount.objects.filter(households__gt=F("people")).exists()
    assert not ShelterCount.objects.filter(male_18_59__gt=F("people")).exists()
    event = bench.first().event
    rows = selectors.needs_table(shelters=list(bench), profile=selectors.event_profile(event), days=7)
    assert sum(r.needed for r in rows) > 0
