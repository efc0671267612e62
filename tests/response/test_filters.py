"""The response pages and the API filter their lists with the same FilterSets (``kencana/response/filters.py``)."""

import datetime

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kencana.response import services

from . import factories
from .factories import open_event


def test_the_events_page_and_the_api_filter_by_status_alike(client_for, staff, paringin, awayan):
    ongoing = open_event(staff, [paringin], title="Banjir Paringin")
    closed = open_event(staff, [awayan], title="Banjir Awayan", hours_ago=30)
    services.event_close(event=closed, by=staff, ended_at=timezone.now())
    page = client_for(staff).get(reverse("response:index"), {"status": "closed"}).text
    api = APIClient()
    api.force_authenticate(staff)
    rows = api.get("/api/v1/response/events/", {"status": "closed"}).json()["results"]
    assert closed.title in page and ongoing.title not in page
    assert [row["id"] for row in rows] == [closed.pk]


def test_an_unknown_status_is_ignored_by_the_page_and_named_by_the_api(client_for, staff, paringin):
    event = open_event(staff, [paringin], title="Banjir Paringin")
    page = client_for(staff).get(reverse("response:index"), {"status": "selesai"})
    assert page.status_code == 200 and event.title in page.text
    api = APIClient()
    api.force_authenticate(staff)
    answer = api.get("/api/v1/response/events/", {"status": "selesai"})
    assert answer.status_code == 400 and "status" in answer.json()


def test_the_event_page_lists_late_tasks_when_asked_and_every_task_for_a_bad_value(client_for, staff, event, paringin):
    services.card_activate(
        event=event, card=factories.flood_card(paringin), by=staff, at=timezone.now() - datetime.timedelta(hours=1)
    )
    client = client_for(staff)
    url = reverse("response:event_detail", args=[event.pk])
    late = client.get(url, {"tasks": "late"}).content.decode()
    assert 'class="tasks" data-total="2"' in late and late.count('<li class="task st-open late">') == 2
    assert "Hanya tugas yang terlambat yang ditampilkan." in late
    for value in ("xyz", ""):
        page = client.get(url, {"tasks": value})
        assert page.status_code == 200 and 'class="tasks" data-total="4"' in page.content.decode()


def test_impact_figures_as_of_a_bad_moment_are_todays_on_the_page_and_a_400_in_the_api(
    client_for, staff, officer, event, lasung_batu
):
    services.impact_report_save(
        by=officer, event=event, desa=lasung_batu, as_of=timezone.now(), values={"dead": 2}, submit=True
    )
    client = client_for(staff)
    for bad in ("2026-13-45", "kemarin"):
        page = client.get(reverse("response:impact_index", args=[event.pk]), {"as_of": bad})
        assert page.status_code == 200 and page.context["figures"].with_submitted["dead"] == 2
        export = client.get(reverse("response:impact_export", args=[event.pk, "csv"]), {"as_of": bad})
        assert export.status_code == 200
    api = APIClient()
    api.force_authenticate(staff)
    answer = api.get(f"/api/v1/response/events/{event.pk}/figures/", {"as_of": "2026-13-45"})
    assert answer.status_code == 400 and list(answer.json()) == ["as_of"]
    earlier = api.get(f"/api/v1/response/events/{event.pk}/figures/", {"as_of": "2020-01-01T00:00:00+08:00"})
    assert earlier.status_code == 200


def test_a_bad_alert_id_when_opening_an_event_is_a_404(client_for, staff):
    for value in ("abc", "9" * 40):
        assert client_for(staff).get(reverse("response:event_create"), {"alert": value}).status_code == 404


def test_the_impact_form_starts_with_the_desa_asked_for_and_with_none_for_an_unreadable_code(
    client_for, officer, event, lasung_batu
):
    url = reverse("response:impact_create", args=[event.pk])
    chosen = client_for(officer).get(url, {"desa": lasung_batu.code})
    assert chosen.status_code == 200 and chosen.context["form"].initial["desa"] == lasung_batu
    for bad in ("63.11.06.2007\x00", "x" * 200, "99.99.99.9999"):
        page = client_for(officer).get(url, {"desa": bad})
        assert page.status_code == 200 and page.context["form"].initial.get("desa") is None, bad


def test_the_events_page_and_the_api_filter_by_district_and_by_being_under_way_alike(
    client_for, province_staff, staff, partner_staff, paringin, awayan, aluh_aluh
):
    ongoing = open_event(staff, [paringin], title="Banjir Paringin")
    closed = open_event(staff, [awayan], title="Banjir Awayan", hours_ago=30)
    services.event_close(event=closed, by=staff, ended_at=timezone.now())
    banjar = open_event(partner_staff, [aluh_aluh], title="Banjir Aluh Aluh")
    asked = {"district": paringin.district.code, "active": "true"}
    page = client_for(province_staff).get(reverse("response:index"), asked)
    assert 'data-total="1"' in page.text and ongoing.title in page.text
    assert closed.title not in page.text and banjar.title not in page.text
    # The list says what it is narrowed to, keeps it when the status is changed, and offers all.
    assert f"<strong>{paringin.district.display_name}</strong> · sedang berlangsung" in page.text
    assert (
        f'name="district" value="{paringin.district.code}"' in page.text and 'name="active" value="true"' in page.text
    )
    assert "Tampilkan semua" in page.text
    api = APIClient()
    api.force_authenticate(province_staff)
    rows = api.get("/api/v1/response/events/", asked).json()["results"]
    assert [row["id"] for row in rows] == [ongoing.pk]
    rows = api.get("/api/v1/response/events/", {"active": "false"}).json()["results"]
    assert [row["id"] for row in rows] == [closed.pk]
