"""Events, their chronology and decrees: recorded by BPBD of the district, refused with a reason
when the input is wrong, and nothing saved then."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kencana.response import services
from kencana.response.models import Decree, Event, EventStatus

from ..factories import KecamatanFactory
from . import factories

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def today():
    return factories.today()


def record_decree(event, staff, *, number="188.45/1/2026", level="tanggap", start=None, days=7, **extra):
    start = start or today()
    return services.decree_record(
        event=event,
        by=staff,
        number=number,
        signed_on=extra.pop("signed_on", start),
        level=level,
        period_start=start,
        period_end=extra.pop("period_end", start + datetime.timedelta(days=days - 1)),
        **extra,
    )


def test_an_event_is_numbered_in_the_districts_yearly_series_and_starts_monitored(event, staff, paringin):
    second = factories.open_event(staff, [paringin])
    year = timezone.localtime(event.started_at).year
    assert event.number == f"KB/63.11/{year}/0001"
    assert second.number == f"KB/63.11/{year}/0002"
    assert event.status == EventStatus.MONITORING
    assert event.title == "Banjir Awayan, Paringin"
    assert [entry["type"] for entry in event.cap_log] == ["Alert"]


def test_an_event_takes_only_kecamatan_of_its_district(staff, paringin, aluh_aluh, unchanged):
    with unchanged(), pytest.raises(ValidationError, match="Only kecamatan of"):
        factories.open_event(staff, [paringin, aluh_aluh])
    with unchanged(), pytest.raises(ValidationError, match="Choose at least one kecamatan"):
        services.event_open(
            by=staff, district=paringin.district, hazard=factories.flood(), started_at=timezone.now(), kecamatan=[]
        )


def test_a_desa_outside_the_chosen_kecamatan_is_refused(staff, paringin, awayan_desa, unchanged):
    with unchanged(), pytest.raises(ValidationError, match="Not in the chosen kecamatan: Awayan"):
        factories.open_event(staff, [paringin], [awayan_desa])


def test_an_event_cannot_start_in_the_future(staff, paringin, unchanged):
    with unchanged(), pytest.raises(ValidationError, match="cannot be in the future"):
        factories.open_event(staff, [paringin], hours_ago=-2)


@pytest.mark.parametrize("who", ["officer", "partner_staff"])
def test_only_bpbd_staff_of_the_district_record_events(request, who, paringin, unchanged):
    user = request.getfixturevalue(who)
    with unchanged(), pytest.raises(PermissionDenied, match="Only BPBD staff of the district"):
        factories.open_event(user, [paringin])


def test_a_decree_makes_the_event_an_emergency_at_its_level(event, staff):
    decree = record_decree(event, staff)
    event.refresh_from_db()
    assert event.status == EventStatus.EMERGENCY
    assert decree.days == 7 and decree.follows is None
    assert [entry["type"] for entry in event.cap_log] == ["Alert", "Update"]


def test_a_decree_that_ends_before_it_starts_is_refused(event, staff, unchanged):
    with unchanged(), pytest.raises(ValidationError, match="cannot end .* before it starts"):
        record_decree(event, staff, period_end=today() - datetime.timedelta(days=1))
    event.refresh_from_db()
    assert event.status == EventStatus.MONITORING


def test_a_decree_signed_in_the_future_or_without_a_number_is_refused(event, staff, unchanged):
    with unchanged(), pytest.raises(ValidationError, match="signed in the future"):
        record_decree(event, staff, signed_on=today() + datetime.timedelta(days=1))
    with unchanged(), pytest.raises(ValidationError, match="Give the decree's number"):
        record_decree(event, staff, number="  ")


def test_a_decree_cannot_start_before_the_event(event, staff, unchanged):
    with unchanged(), pytest.raises(ValidationError, match="cannot start before the event"):
        record_decree(event, staff, start=today() - datetime.timedelta(days=3))


def test_an_extension_is_a_new_decree_that_follows_the_one_in_force(event, staff, unchanged):
    first = record_decree(event, staff, days=7)
    later = today() + datetime.timedelta(days=7)
    extension = record_decree(event, staff, number="188.45/2/2026", start=later, signed_on=today())
    assert extension.follows == first and extension.is_extension
    with unchanged(), pytest.raises(ValidationError, match="starts later"):
        record_decree(event, staff, number="188.45/3/2026", start=later, signed_on=today())
    with unchanged(), pytest.raises(ValidationError, match="already recorded"):
        record_decree(event, staff, number="188.45/2/2026", start=later + datetime.timedelta(days=2), signed_on=today())


def test_a_decree_scan_is_kept_when_it_is_a_real_pdf(event, staff):
    decree = record_decree(event, staff, upload=SimpleUploadedFile("sk bupati.pdf", PDF))
    assert decree.content_type == "application/pdf" and decree.original_name == "sk bupati.pdf"
    assert decree.file.storage.exists(decree.file.name)


def test_a_decree_with_a_file_that_is_not_a_scan_is_refused_and_leaves_no_file(event, staff, unchanged, media_root):
    with unchanged(), pytest.raises(ValidationError, match="not one of the accepted types"):
        record_decree(event, staff, upload=SimpleUploadedFile("sk.pdf", b"MZ\x90\x00 not a pdf"))
    with unchanged(), pytest.raises(ValidationError, match="cannot end"):
        record_decree(
            event, staff, upload=SimpleUploadedFile("sk.pdf", PDF), period_end=today() - datetime.timedelta(days=2)
        )
    stored = media_root / "response" / "decrees"
    assert not stored.exists() or not any(stored.iterdir())


def test_a_closed_event_takes_no_decree_and_no_chronology(event, staff, unchanged):
    services.event_close(event=event, by=staff, ended_at=timezone.now())
    event.refresh_from_db()
    assert event.status == EventStatus.CLOSED and event.cap_log[-1]["type"] == "Cancel"
    with unchanged(), pytest.raises(ValidationError, match="closed"):
        record_decree(event, staff)
    with unchanged(), pytest.raises(ValidationError, match="closed"):
        services.chronology_add(event=event, by=staff, at=timezone.now(), text="Air surut")
    with unchanged(), pytest.raises(ValidationError, match="already closed"):
        services.event_close(event=event, by=staff, ended_at=timezone.now())


def test_an_event_cannot_end_before_it_started(event, staff, unchanged):
    with unchanged(), pytest.raises(ValidationError, match="before the event started"):
        services.event_close(event=event, by=staff, ended_at=event.started_at - datetime.timedelta(minutes=1))


def test_the_chronology_needs_words_and_a_past_time(event, staff, unchanged):
    entry = services.chronology_add(event=event, by=staff, at=timezone.now(), text="Air masuk permukiman")
    assert list(event.chronology.all()) == [entry]
    with unchanged(), pytest.raises(ValidationError, match="Say what happened"):
        services.chronology_add(event=event, by=staff, at=timezone.now(), text="  ")
    with unchanged(), pytest.raises(ValidationError, match="cannot be in the future"):
        services.chronology_add(event=event, by=staff, at=timezone.now() + datetime.timedelta(hours=1), text="x")


def test_a_kecamatan_with_tasks_stays_in_the_event(event, staff, paringin, awayan, lasung_batu, balang, unchanged):
    services.card_activate(event=event, card=factories.flood_card(paringin), by=staff)
    with unchanged(), pytest.raises(ValidationError, match="stay: Paringin"):
        services.event_update(
            event=event, by=staff, hazard=event.hazard, started_at=event.started_at, kecamatan=[awayan], desa=[]
        )


def test_an_update_of_the_areas_is_published_as_a_cap_update(event, staff, paringin, lasung_batu):
    services.event_update(
        event=event,
        by=staff,
        hazard=event.hazard,
        started_at=event.started_at,
        kecamatan=[paringin],
        desa=[lasung_batu],
    )
    event.refresh_from_db()
    assert list(event.kecamatan.values_list("name", flat=True)) == ["Paringin"]
    assert [entry["type"] for entry in event.cap_log] == ["Alert", "Update"]


def test_an_event_from_a_hazard_warning_alert_takes_its_kecamatan_hazard_and_time(staff, paringin, awayan):
    from kencana.alerts.models import Alert, HazardWarning
    from kencana.alerts.services import hazard_warning_create

    warning = hazard_warning_create(
        by=staff,
        kecamatan=[paringin, awayan],
        hazard=factories.flood(),
        title="Peringatan dini BMKG",
        status_level=HazardWarning.Status.ALERT,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    alert = Alert.objects.get(kecamatan=paringin, rule="hazard_warning")
    defaults = services.alert_event_defaults(alert=alert, kecamatan_scope=paringin.district.kecamatan.all())
    assert defaults["hazard"].code == "banjir"
    assert [k.name for k in defaults["kecamatan"]] == ["Awayan", "Paringin"]
    assert defaults["started_at"] == warning.created_at


def test_an_event_from_a_cap_alert_finds_the_hazard_in_its_words(staff, paringin):
    from kencana.alerts.models import CapMessage

    from ..alerts.factories import AlertFactory

    message = CapMessage.objects.create(
        identifier="bmkg-1",
        sender="bmkg@bmkg.go.id",
        sent=timezone.now() - datetime.timedelta(hours=1),
        status="Actual",
        msg_type="Alert",
        scope="Public",
        event="Hujan Lebat dan Banjir",
        headline="Peringatan dini",
        xml="<alert/>",
    )
    message.kecamatan.set([paringin])
    from django.contrib.contenttypes.models import ContentType

    alert = AlertFactory(
        kecamatan=paringin,
        rule="cap_warning",
        subject_type=ContentType.objects.get_for_model(CapMessage),
        subject_id=str(message.pk),
    )
    defaults = services.alert_event_defaults(alert=alert, kecamatan_scope=paringin.district.kecamatan.all())
    assert defaults["hazard"].code == "banjir"
    assert defaults["kecamatan"] == [paringin]
    assert defaults["started_at"] == message.sent


def test_an_alert_of_another_district_cannot_open_an_event(staff, paringin, aluh_aluh, unchanged):
    from ..alerts.factories import AlertFactory

    foreign = AlertFactory(kecamatan=aluh_aluh)
    with unchanged(), pytest.raises(ValidationError, match="not one of"):
        factories.open_event(staff, [paringin], source_alert=foreign)


def test_a_kecamatan_of_an_unknown_district_is_no_place_for_an_event(staff, unchanged):
    other = KecamatanFactory()
    with unchanged(), pytest.raises(ValidationError, match="Only kecamatan of"):
        services.event_open(
            by=staff, district=staff.district, hazard=factories.flood(), started_at=timezone.now(), kecamatan=[other]
        )
    assert not Event.objects.exists() and not Decree.objects.exists()
