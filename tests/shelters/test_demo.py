"""The demo's shelters: three sites counted on three days, one delivery received, shortfalls open."""

from django.core.management import call_command

from kencana.shelters import selectors
from kencana.shelters.models import Shelter, ShelterCount
from logistics.ledger_check import ledger_differences
from logistics.models import Document


def test_the_demo_has_three_shelters_with_counts_a_delivery_and_a_shortfall(seeded_demo):
    shelters = list(Shelter.objects.select_related("event", "kecamatan", "store"))
    assert sorted(s.kind for s in shelters) == ["host_families", "school", "worship"]
    event = shelters[0].event
    assert all(ShelterCount.objects.filter(shelter=s).count() >= 2 for s in shelters)
    delivered = Document.objects.get(destination_warehouse__shelter__kind="school", reference=event.number)
    assert delivered.status == Document.Status.RECEIVED
    profile = selectors.event_profile(event)
    assert profile.code == "perka-bnpb-7-2008"
    rows = selectors.needs_table(shelters=shelters, profile=profile, days=7)
    rice = next(r for r in rows if r.item.code == "BRS")
    assert rice.delivered == 150 and rice.shortfall > 0
    assert ledger_differences() == []


def test_seeding_the_demo_again_changes_no_shelter(seeded_demo):
    before = (Shelter.objects.count(), ShelterCount.objects.count(), Document.objects.count())
    call_command("seed_demo")
    assert (Shelter.objects.count(), ShelterCount.objects.count(), Document.objects.count()) == before
