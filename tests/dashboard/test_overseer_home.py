"""The home of BPBD Provinsi (its districts side by side) and of BNPB (provinces, then districts)."""

import datetime

from django.urls import reverse

from kencana.response import services as response_services

from .test_national import add_district, national


def test_a_province_sees_its_districts_side_by_side_and_no_other_province(
    client_for, province_staff, readiness_setup, balangan, banjar
):
    away = add_district(1, readiness_setup, province_code="64")
    response = national(client_for(province_staff))
    assert "dashboard/home_national.html" in [t.name for t in response.templates]
    codes = [row.district.code for row in response.context["rows"]]
    assert set(codes) == {"63.11", "63.03"} and away.code not in response.text
    assert "Provinsi Kalimantan Selatan" in response.text
    assert response.context["map_url"] == "/map/?district=63.03%2C63.11"
    assert 'name="province"' not in response.text  # its own province only: nothing to choose


def test_each_districts_figures_open_that_districts_list(client_for, province_staff, readiness_setup):
    busy = add_district(1, readiness_setup)
    page = national(client_for(province_staff)).text
    alerts = f"/alerts/?state=active&amp;district={busy.code}&amp;severity=severe"
    assert f'data-count="1" title="Berat" aria-label="1 Berat" href="{alerts}"' in page
    assert f'href="/plans/?overdue=1&amp;district={busy.code}"' in page
    listed = client_for(province_staff).get(f"/alerts/?state=active&district={busy.code}&severity=severe")
    assert 'data-total="1"' in listed.text


def test_active_events_and_their_emergency_status_show_per_district(
    client_for, province_staff, staff, readiness_setup, balangan, banjar, paringin
):
    from kecamatan.models import Hazard

    from ..factories import today

    event = response_services.event_open(
        by=staff,
        district=balangan,
        hazard=Hazard.objects.get(code="banjir"),
        started_at=datetime.datetime.now(tz=datetime.UTC),
        kecamatan=[paringin],
    )
    response_services.decree_record(
        event=event,
        by=staff,
        number="188.45/1",
        signed_on=today(),
        level="tanggap",
        period_start=today(),
        period_end=today() + datetime.timedelta(days=6),
        upload=None,
    )
    rows = {row.district.code: row for row in national(client_for(province_staff)).context["rows"]}
    assert rows["63.11"].events == 1 and rows["63.11"].emergencies == {"tanggap": 1}
    assert rows["63.03"].events == 0


def test_bnpb_sees_provinces_first_then_a_provinces_districts(client_for, national_staff, readiness_setup, balangan):
    east = add_district(2, readiness_setup, province_code="64")
    response = national(client_for(national_staff))
    assert response.context["by_province"]
    provinces = {row.province.code: row for row in response.context["rows"]}
    assert set(provinces) == {"63", "64"}
    assert provinces["64"].districts == 1 and provinces["64"].kecamatan_total == 2
    assert 'href="?province=64"' in response.text and 'name="province"' in response.text
    drilled = national(client_for(national_staff), province="64")
    assert [row.district.code for row in drilled.context["rows"]] == [east.code]


def test_a_province_user_gets_404_for_the_map_of_another_provinces_district(
    client_for, province_staff, readiness_setup
):
    away = add_district(1, readiness_setup, province_code="64")
    assert client_for(province_staff).get(reverse("dashboard:map"), {"district": away.code}).status_code == 404
