"""Home pages keep their figures between requests and drop them as soon as the district changes."""

import datetime

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kencana.alerts.lifecycle import alert_open
from kencana.alerts.rules import Condition
from kencana.readiness import services as readiness_services
from tests.factories import UserFactory

from .conftest import Q3


def home(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return response, len(queries)


def open_alert(district, kecamatan, key="test:1", severity="severe"):
    """An alert opened as the rule engine opens one: through the service."""
    condition = Condition(
        key=key,
        district_id=district.pk,
        kecamatan_id=kecamatan.pk,
        title="Beras di bawah minimum",
        severity=severity,
    )
    return alert_open(rule="stock_below_minimum", condition=condition)


def alerts_shown(summary) -> int:
    return sum(count for _severity, _label, count in summary.alerts_by_severity)


def test_the_district_dashboard_is_read_once_and_rebuilt_when_an_alert_opens(
    client_for, staff, balangan, paringin, readiness_setup, report_for
):
    readiness_setup.kecamatan.set([paringin])
    report_for(paringin, Q3, "verified", score=60, tier="Madya")
    client = client_for(staff)
    first, built = home(client)
    again, kept = home(client)
    assert kept < built and kept <= 10  # the response panel (events, own tasks) is read afresh
    assert alerts_shown(again.context["summary"]) == alerts_shown(first.context["summary"]) == 0

    open_alert(balangan, paringin)
    fresh, _queries = home(client)
    assert alerts_shown(fresh.context["summary"]) == 1


def test_assigning_a_kecamatan_changes_the_expected_reports_at_once(
    client_for, admin_user, staff, paringin, awayan, readiness_setup, report_for
):
    readiness_setup.kecamatan.set([paringin])
    report_for(paringin, Q3, "submitted", score=50)
    client = client_for(staff)
    assert home(client)[0].context["summary"].completeness["expected"] == 1
    a = readiness_setup
    readiness_services.assignment_save(
        assignment=a,
        version=a.version,
        by=admin_user,
        kecamatan=[paringin, awayan],
        period_type=a.period_type,
        starts_on=a.starts_on,
        due_days=a.due_days,
        close_days=a.close_days,
    )
    assert home(client)[0].context["summary"].completeness["expected"] == 2


def test_the_officer_home_follows_alerts_and_never_shows_another_officers_kecamatan(
    officer, awayan_officer, balangan, paringin, awayan, readiness_setup
):
    readiness_setup.kecamatan.set([paringin, awayan])
    mine, theirs = Client(), Client()
    mine.force_login(officer)
    theirs.force_login(awayan_officer)
    assert home(mine)[0].context["alerts"] == [] and home(theirs)[0].context["alerts"] == []
    alert = open_alert(balangan, awayan)
    assert home(mine)[0].context["alerts"] == []
    assert home(theirs)[0].context["alerts"] == [alert]


def test_the_national_overview_is_kept_per_scope_and_rebuilt_on_change(client_for, balangan, paringin, readiness_setup):
    superuser = UserFactory(username="nasional", district=None, role="bpbd_admin", is_superuser=True, is_staff=True)
    client = client_for(superuser)
    first, built = home(client)
    _again, kept = home(client)
    assert kept < built
    before = sum(row.open_alerts for row in first.context["summary"].rows)
    assert 'aria-label="1 Ekstrem"' not in first.text
    open_alert(balangan, paringin, severity="extreme")
    fresh, _queries = home(client)
    assert sum(row.open_alerts for row in fresh.context["summary"].rows) == before + 1
    assert 'aria-label="1 Ekstrem"' in fresh.text  # the kept row HTML was dropped with the row
    assert '<th scope="row">' in fresh.text and "&lt;th" not in fresh.text  # kept HTML is not escaped twice


def test_an_alert_the_rule_engine_makes_more_severe_shows_its_new_severity_at_once(
    client_for, staff, balangan, paringin, readiness_setup
):
    """The engine raises severity with a queryset update, which no save receiver hears."""
    from kencana.alerts.engine import rules_run
    from tests.logistics.factories import WarehouseFactory, receive

    store = WarehouseFactory(district=balangan, code="PRG", name="Gudang Paringin", serves=[paringin])
    evening = datetime.datetime(2026, 11, 27, 14, 0, tzinfo=datetime.UTC)  # 22:00 WITA: the lot's last day
    with time_machine.travel(evening, tick=False):
        receive(staff, store, "BRS", 100, expiry=datetime.date(2026, 11, 27), on=datetime.date(2026, 11, 1))
        rules_run(codes=["lot_expiring"])
        client = client_for(staff)
        summary = home(client)[0].context["summary"]
        assert dict((s, n) for s, _label, n in summary.alerts_by_severity) == {
            "extreme": 0,
            "severe": 0,
            "moderate": 1,
            "minor": 0,
        }
    with time_machine.travel(evening + datetime.timedelta(hours=3), tick=False):  # 01:00 WITA: expired
        assert rules_run(codes=["lot_expiring"]).refreshed
        summary = home(client)[0].context["summary"]
        assert dict((s, n) for s, _label, n in summary.alerts_by_severity) == {
            "extreme": 0,
            "severe": 1,
            "moderate": 0,
            "minor": 0,
        }
