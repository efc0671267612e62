import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from kencana.alerts.engine import rules_run
from kencana.alerts.models import Alert, CapMessage, HazardWarning, Notification
from kencana.alerts.selectors import email_severities_of

from ..factories import local_input
from .factories import AlertFactory, HazardWarningFactory

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def english_pages(client, settings):
    """Pages are Indonesian unless the language cookie says otherwise; assertions here are in English."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def paringin_alert(balangan, staff, paringin):
    return AlertFactory(kecamatan=paringin, title="Banjir di Paringin")


def test_staff_see_their_districts_alerts(client_for, staff, paringin_alert, awayan):
    AlertFactory(kecamatan=awayan, title="Longsor di Awayan")
    page = client_for(staff).get("/alerts/")
    assert page.status_code == 200
    assert b"Banjir di Paringin" in page.content and b"Longsor di Awayan" in page.content


def test_an_officer_sees_only_their_kecamatans_alerts(client_for, officer, paringin_alert, awayan):
    AlertFactory(kecamatan=awayan, title="Longsor di Awayan")
    page = client_for(officer).get("/alerts/")
    assert b"Banjir di Paringin" in page.content and b"Longsor di Awayan" not in page.content


def test_the_list_is_filtered_by_kecamatan_chosen_by_name(client_for, staff, paringin_alert, paringin, awayan):
    AlertFactory(kecamatan=awayan, title="Longsor di Awayan")
    client = client_for(staff)
    form = client.get("/alerts/").context["filter"].form
    assert ("63.11.06", "Paringin") in list(form.fields["kecamatan"].widget.choices)
    assert form["district"].is_hidden  # the staff's one district: nothing to choose
    page = client.get("/alerts/", {"kecamatan": paringin.code})
    assert b"Banjir di Paringin" in page.content and b"Longsor di Awayan" not in page.content
    assert f'<option value="{paringin.code}" selected>Paringin</option>' in page.text


def test_an_officer_of_one_kecamatan_is_offered_no_choice_of_place(client_for, officer, paringin_alert):
    form = client_for(officer).get("/alerts/").context["filter"].form
    assert form["kecamatan"].is_hidden and form["district"].is_hidden


def test_an_overseer_chooses_a_district_then_its_kecamatan(
    client_for, province_staff, balangan, banjar, paringin, awayan
):
    client = client_for(province_staff)
    form = client.get("/alerts/").context["filter"].form
    assert {code for code, _name in form.fields["district"].widget.choices} == {"", "63.11", "63.03"}
    assert form["kecamatan"].is_hidden  # kecamatan of several districts: a district first
    chosen = client.get("/alerts/", {"district": "63.11"}).context["filter"].form
    names = [name for code, name in chosen.fields["kecamatan"].widget.choices if code]
    assert "Paringin" in names and all(k.district_id == balangan.pk for k in balangan.kecamatan.filter(name__in=names))
    assert len(names) == balangan.kecamatan.count()


def test_an_officer_of_awayan_gets_404_on_a_paringin_alert(client_for, awayan_officer, paringin_alert):
    client = client_for(awayan_officer)
    assert client.get(f"/alerts/{paringin_alert.pk}/").status_code == 404
    assert client.post(f"/alerts/{paringin_alert.pk}/acknowledge/").status_code == 404
    paringin_alert.refresh_from_db()
    assert paringin_alert.state == "open"


def test_partner_staff_see_nothing_of_balangan(client_for, partner_staff, paringin_alert):
    client = client_for(partner_staff)
    assert b"Banjir di Paringin" not in client.get("/alerts/").content
    assert client.get(f"/alerts/{paringin_alert.pk}/").status_code == 404


def test_an_officer_acknowledges_from_the_page(client_for, officer, paringin_alert):
    response = client_for(officer).post(f"/alerts/{paringin_alert.pk}/acknowledge/")
    assert response.status_code == 302
    paringin_alert.refresh_from_db()
    assert paringin_alert.state == "acknowledged" and paringin_alert.acknowledged_by == officer


def test_an_officer_may_not_resolve(client_for, officer, paringin_alert):
    assert client_for(officer).post(f"/alerts/{paringin_alert.pk}/resolve/", {"note": "x"}).status_code == 403
    paringin_alert.refresh_from_db()
    assert paringin_alert.state == "open"


def test_staff_resolve_with_a_note_and_the_history_shows_it(client_for, staff, paringin_alert):
    client = client_for(staff)
    client.post(f"/alerts/{paringin_alert.pk}/resolve/", {"note": "Air sudah surut"})
    paringin_alert.refresh_from_db()
    assert paringin_alert.state == "resolved"
    page = client.get(f"/alerts/{paringin_alert.pk}/")
    assert b"Air sudah surut" in page.content


def test_the_list_shows_resolved_alerts_only_when_asked(client_for, staff, paringin):
    AlertFactory(kecamatan=paringin, title="Sudah selesai", state="resolved")
    client = client_for(staff)
    assert b"Sudah selesai" not in client.get("/alerts/").content
    assert b"Sudah selesai" in client.get("/alerts/?state=resolved").content


def test_staff_raise_a_warning_from_the_form(client_for, staff, paringin, awayan):
    expires = local_input(timezone.now() + datetime.timedelta(days=1))
    response = client_for(staff).post(
        "/alerts/warnings/new/",
        {
            "kecamatan": [paringin.pk, awayan.pk],
            "hazard": HazardWarning._meta.get_field("hazard").related_model.objects.get(code="banjir").pk,
            "status_level": "siaga",
            "severity": "severe",
            "title": "Siaga darurat banjir",
            "expires_at": expires,
        },
    )
    assert response.status_code == 302
    assert Alert.objects.filter(rule="hazard_warning").count() == 2


def test_the_warning_form_offers_only_the_districts_kecamatan(client_for, staff, paringin, aluh_aluh):
    page = client_for(staff).get("/alerts/warnings/new/")
    assert b"Paringin" in page.content and b"Aluh Aluh" not in page.content


def test_an_officer_cannot_open_the_warning_form(client_for, officer):
    assert client_for(officer).get("/alerts/warnings/new/").status_code == 403


def test_partner_staff_cannot_cancel_another_districts_warning(client_for, partner_staff, staff, balangan, paringin):
    warning = HazardWarningFactory(district=balangan, created_by=staff, kecamatan=[paringin])
    assert client_for(partner_staff).post(f"/alerts/warnings/{warning.pk}/cancel/").status_code == 404
    warning.refresh_from_db()
    assert warning.cancelled_at is None


def test_the_inbox_badge_counts_unread_and_mark_read_clears_it(client_for, officer, paringin_alert):
    notification = Notification.objects.create(user=officer, alert=paringin_alert, title="Banjir", link="/alerts/")
    client = client_for(officer)
    page = client.get("/alerts/inbox/")
    assert b'class="nav-inbox"' in page.content and b'<span class="badge bad">1</span>' in page.content
    client.post(f"/alerts/inbox/{notification.pk}/read/")
    assert b'<span class="badge bad">1</span>' not in client.get("/alerts/inbox/").content


def test_the_inbox_page_and_the_api_show_unread_only_alike(client_for, officer, paringin_alert):
    from django.utils import timezone
    from rest_framework.test import APIClient

    Notification.objects.create(user=officer, alert=paringin_alert, title="Banjir belum dibaca")
    Notification.objects.create(user=officer, alert=paringin_alert, title="Banjir dibaca", read_at=timezone.now())
    page = client_for(officer).get("/alerts/inbox/", {"unread": "1"}).text
    api = APIClient()
    api.force_authenticate(officer)
    rows = api.get("/api/v1/notifications/", {"unread": "true"}).json()["results"]
    assert "Banjir belum dibaca" in page and "Banjir dibaca" not in page
    assert [row["title"] for row in rows] == ["Banjir belum dibaca"]
    assert [
        row["title"] for row in api.get("/api/v1/notifications/", {"read_at__isnull": "true"}).json()["results"]
    ] == ["Banjir belum dibaca"]
    everything = client_for(officer).get("/alerts/inbox/", {"unread": "ya"}).text  # not a yes/no: ignored
    assert "Banjir belum dibaca" in everything and "Banjir dibaca" in everything


def test_nobody_can_mark_someone_elses_notification(client_for, officer, staff, paringin_alert):
    notification = Notification.objects.create(user=staff, alert=paringin_alert, title="Banjir")
    assert client_for(officer).post(f"/alerts/inbox/{notification.pk}/read/").status_code == 404


def test_preferences_are_saved(client_for, officer):
    client = client_for(officer)
    client.post("/alerts/preferences/", {"email": ["extreme"]})
    assert email_severities_of(user=officer) == {"extreme"}


def test_preferences_posted_unchanged_store_nothing(client_for, officer):
    client = client_for(officer)
    client.post("/alerts/preferences/", {"email": sorted(email_severities_of(user=officer))})
    assert not officer.notification_preferences.exists()


def test_staff_upload_a_cap_file_and_see_its_result(client_for, staff, bounded):
    with open(DATA / "bmkg_balangan.xml", "rb") as upload:
        response = client_for(staff).post("/alerts/cap/", {"file": upload}, follow=True)
    assert b"Matched kecamatan" in response.content
    assert CapMessage.objects.count() == 1


def test_a_refused_cap_upload_shows_why_and_stores_nothing(client_for, staff, bounded):
    with open(DATA / "not_cap.xml", "rb") as upload:
        response = client_for(staff).post("/alerts/cap/", {"file": upload})
    assert response.status_code == 200 and b"not a CAP 1.2 alert" in response.content
    assert not CapMessage.objects.exists()


def test_officers_cannot_import_cap(client_for, officer):
    assert client_for(officer).get("/alerts/cap/").status_code == 403


def test_a_cap_message_of_another_district_is_not_found(client_for, partner_staff, staff, bounded):
    from kencana.alerts.services import cap_import

    message = cap_import(data=(DATA / "bmkg_balangan.xml").read_bytes(), by=staff).message
    assert client_for(partner_staff).get(f"/alerts/cap/{message.pk}/").status_code == 404


def test_the_detail_page_shows_the_escalation_and_delivery_log(
    client_for, staff, people, balangan, paringin, three_step_policy
):
    HazardWarningFactory(district=balangan, created_by=staff, kecamatan=[paringin])
    rules_run()
    alert = Alert.objects.get()
    page = client_for(staff).get(f"/alerts/{alert.pk}/")
    assert b"camat.paringin@example.org" in page.content
    assert b"Default" in page.content


def test_the_alert_of_a_warning_shows_who_raised_and_cancelled_the_warning(client_for, staff, paringin):
    expires = local_input(timezone.now() + datetime.timedelta(days=1))
    client = client_for(staff)
    client.post(
        "/alerts/warnings/new/",
        {
            "kecamatan": [paringin.pk],
            "hazard": HazardWarning._meta.get_field("hazard").related_model.objects.get(code="banjir").pk,
            "status_level": "siaga",
            "severity": "severe",
            "title": "Siaga darurat banjir",
            "expires_at": expires,
        },
    )
    warning = HazardWarning.objects.get()
    client.post(f"/alerts/warnings/{warning.pk}/cancel/")
    alert = Alert.objects.get(rule="hazard_warning")
    page = client.get(f"/alerts/{alert.pk}/").text
    assert "History of the warning" in page
    block = page.split("History of the warning", 1)[1].split("</section>", 1)[0]
    assert staff.username in block or staff.get_full_name() in block
    assert "created" in block and "cancelled" in block.lower()
