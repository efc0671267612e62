"""Situation reports carry the shelters: sites, displaced by group, and the needs table, frozen."""

import datetime

from django.utils import timezone

from kencana.response import reporting
from kencana.response import services as response_services
from kencana.shelters import services

from .conftest import count_values


def test_a_sitrep_freezes_the_shelters_and_their_needs(staff, shelter):
    moment = timezone.now() - datetime.timedelta(hours=1)
    services.shelter_count_file(by=staff, shelter=shelter, as_of=moment, values=count_values())
    sitrep = response_services.sitrep_issue(event=shelter.event, by=staff, kind="awal")
    section = sitrep.data["shelters"]
    assert (section["sites_count"], section["people"], section["households"]) == (1, 40, 10)
    assert section["groups"]["under_five"] == 5 and section["profile"] == "Perka BNPB 7/2008"
    water = next(r for r in section["table"] if r["unit"] == "liter")
    assert (water["needed"], water["shortfall"]) == ("700", "700")
    services.shelter_count_file(by=staff, shelter=shelter, as_of=timezone.now(), values=count_values(people=80))
    sitrep.refresh_from_db()
    assert sitrep.data["shelters"]["people"] == 40  # frozen
    text = reporting.whatsapp_text(sitrep.data)
    assert "40" in text and "Perka BNPB 7/2008" in text


def test_an_event_without_shelters_says_nothing_of_them(staff, event):
    sitrep = response_services.sitrep_issue(event=event, by=staff, kind="awal")
    assert sitrep.data["shelters"] is None
