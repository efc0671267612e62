"""Shelter pages: an officer files a count on his shelter; BPBD see needs, switch profile, draft a dispatch."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kencana.core import clock
from kencana.shelters import services
from kencana.shelters.models import EventNeedsProfile, ShelterCount
from logistics.reference import SPHERE
from tests.logistics.factories import WarehouseFactory, receive

from ..factories import today as districts_today
from .conftest import count_values


@pytest.fixture
def main(staff, shelter, paringin):
    warehouse = WarehouseFactory(district=shelter.district, serves=[paringin])
    receive(staff, warehouse, "AIR", 5000, expiry=districts_today() + datetime.timedelta(days=300))
    return warehouse


@pytest.fixture
def counted(staff, shelter):
    moment = timezone.now() - datetime.timedelta(hours=1)
    return services.shelter_count_file(by=staff, shelter=shelter, as_of=moment, values=count_values())


def _post_count(client, shelter, **values):
    moment = clock.local(timezone.now() - datetime.timedelta(minutes=5), "Asia/Makassar")
    data = {"as_of": moment.strftime("%Y-%m-%dT%H:%M"), **count_values(), **values}
    return client.post(reverse("shelters:count_create", args=[shelter.pk]), data)


def test_an_officer_files_a_count_from_the_page(client_for, officer, shelter):
    response = _post_count(client_for(officer), shelter)
    assert response.status_code == 302, response.context["form"].errors
    assert ShelterCount.objects.get(shelter=shelter).people == 40


def test_parts_larger_than_the_total_are_shown_on_the_form_and_nothing_is_saved(client_for, officer, shelter):
    response = _post_count(client_for(officer), shelter, people=10)
    assert response.status_code == 200
    assert "tidak boleh melebihi total (10)" in " ".join(response.context["form"].errors["people"])
    assert not ShelterCount.objects.exists()


def test_an_officer_of_another_kecamatan_does_not_see_the_shelter(client_for, awayan_officer, shelter):
    assert client_for(awayan_officer).get(reverse("shelters:detail", args=[shelter.pk])).status_code == 404


def _needs_row(response, code: str) -> dict[str, Decimal]:
    """The figures of one item's row of the needs table, as the page shows them (machine-readable
    in data attributes: the page may come from the cache, without its rows in the context)."""
    import re

    row = re.search(rf'<tr data-item="{re.escape(code)}">(.*?)</tr>', response.content.decode(), re.S).group(1)
    return {name: Decimal(value) for name, value in re.findall(r'data-(needed|shortfall)="([^"]*)"', row)}


def _needed(response, code: str) -> Decimal:
    return _needs_row(response, code)["needed"]


def test_needs_follow_the_event_profile(client_for, staff, shelter, counted):
    client = client_for(staff)
    perka = client.get(reverse("shelters:needs", args=[shelter.event.pk]), {"days": 7})
    assert _needed(perka, "AIR") == Decimal("700")  # 40 people × 17.5 L a week
    response = client.post(
        reverse("shelters:profile_set", args=[shelter.event.pk]),
        {"profile": EventNeedsProfile._meta.get_field("profile").related_model.objects.get(code=SPHERE).pk},
    )
    assert response.status_code == 302
    sphere = client.get(reverse("shelters:needs", args=[shelter.event.pk]), {"days": 7})
    assert _needed(sphere, "AIR") == Decimal("3240")  # 40 × (7 L × 3 days + 15 L × 4 days)


def test_a_drafted_dispatch_lowers_the_shortfall_by_what_was_received(client_for, staff, shelter, counted, main):
    from logistics.models import Document
    from logistics.services.documents import shipment_receive

    client = client_for(staff)
    needs_url = reverse("shelters:needs", args=[shelter.event.pk])
    before = _needs_row(client.get(needs_url), "AIR")["shortfall"]
    page = client.get(reverse("shelters:dispatch", args=[shelter.pk]))
    water = page.context["form"].fields
    assert (
        page.context["form"].initial[f"item_{next(i for i in page.context['form'].items if i.code == 'AIR').pk}"]
        == before
    )
    item = next(i for i in page.context["form"].items if i.code == "AIR")
    response = client.post(
        reverse("shelters:dispatch", args=[shelter.pk]),
        {"warehouse": main.pk, "business_date": districts_today().isoformat(), f"item_{item.pk}": "300"},
    )
    assert response.status_code == 302, water
    dispatch = Document.objects.get(kind="dispatch")
    assert dispatch.reference == shelter.event.number
    shipment_receive(
        by=staff,
        document=dispatch,
        received={line.pk: Decimal(250) for line in dispatch.lines.all()},
        received_date=districts_today(),
    )
    after = _needs_row(client.get(needs_url), "AIR")["shortfall"]
    assert before - after == Decimal(250)


def test_the_shelters_export_carries_hxl_hashtags_and_the_latest_count(client_for, staff, shelter, counted):
    import csv
    import io

    response = client_for(staff).get(reverse("shelters:export", args=[shelter.event.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    tags = dict(zip(rows[1], rows[2], strict=True))
    assert tags["#loc+name"] == "SDN Lasung Batu" and tags["#adm4+code"] == shelter.desa.code
    assert (tags["#affected+displaced+ind"], tags["#affected+displaced+hh"], tags["#affected+displaced+ind+f"]) == (
        "40",
        "10",
        "14",
    )


def test_the_district_admin_chooses_the_default_profile_and_staff_may_not(client_for, admin_user, staff, balangan):
    from logistics import selectors
    from logistics.models import NeedsProfile

    sphere = NeedsProfile.objects.get(code=SPHERE)
    assert client_for(staff).post(reverse("shelters:profiles"), {"profile": sphere.pk}).status_code == 403
    assert selectors.district_profile(balangan.pk).code == "perka-bnpb-7-2008"
    assert client_for(admin_user).post(reverse("shelters:profiles"), {"profile": sphere.pk}).status_code == 302
    assert selectors.district_profile(balangan.pk) == sphere


def _queries(client, url, *, district) -> int:
    """Queries of a page built afresh: the district's kept blocks are dropped first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kencana.core import generations

    generations.bump([district.pk])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_needs_page_and_the_dashboard_read_the_same_queries_whatever_the_number_of_shelters(
    client_for, staff, shelter, counted, lasung_batu
):
    from .conftest import shelter_values

    client = client_for(staff)
    needs_url = reverse("shelters:needs", args=[shelter.event.pk])
    client.get(needs_url)  # sessions warm
    client.get("/")
    district = shelter.district
    one = _queries(client, needs_url, district=district), _queries(client, "/", district=district)
    for n in range(4):
        more = services.shelter_save(
            by=staff, event=shelter.event, desa=lasung_batu, values=shelter_values(name=f"S{n}")
        )
        services.shelter_count_file(by=staff, shelter=more, as_of=timezone.now(), values=count_values())
    assert (_queries(client, needs_url, district=district), _queries(client, "/", district=district)) == one


def test_the_needs_and_the_dashboard_panel_are_kept_until_a_count_changes_them(
    client_for, staff, shelter, counted, lasung_batu
):
    client = client_for(staff)
    needs_url = reverse("shelters:needs", args=[shelter.event.pk])
    assert _needed(client.get(needs_url), "AIR") == Decimal("700")
    assert "40 di tempat pengungsian" in client.get("/").content.decode()
    services.shelter_count_file(
        by=staff, shelter=shelter, as_of=timezone.now(), values=count_values(people=80, households=20)
    )
    assert _needed(client.get(needs_url), "AIR") == Decimal("1400")
    assert "80 di tempat pengungsian" in client.get("/").content.decode()


def test_the_dashboard_panel_shows_people_in_shelters_and_the_largest_shortfalls(client_for, staff, shelter, counted):
    page = client_for(staff).get("/").content.decode()
    assert "40 di tempat pengungsian" in page
    assert "Kekurangan terbesar" in page and "Air minum dalam kemasan 700 liter" in page
