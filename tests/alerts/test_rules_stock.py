"""Stock rules, driven by the real logistics services and their signals."""

import datetime
from decimal import Decimal

import pytest

from kencana.accounts.models import Role
from kencana.alerts.engine import rules_run
from kencana.alerts.models import Alert, DistrictAlertSettings, Notification
from logistics import services as logistics
from logistics.models import MinimumStock
from tests.logistics.factories import WarehouseFactory, item, receive

from ..factories import today as districts_today
from .factories import policy

FAR = districts_today() + datetime.timedelta(days=365)  # well outside any expiry warning


@pytest.fixture
def store(balangan, paringin):
    """Paringin's kecamatan store, which must keep at least 100 kg of rice."""
    warehouse = WarehouseFactory(district=balangan, code="PRG", name="Gudang Kecamatan Paringin", serves=[paringin])
    MinimumStock.objects.create(warehouse=warehouse, item=item("BRS"), mode="fixed", fixed_quantity=Decimal(100))
    return warehouse


def dispatch(by, warehouse, quantity, kecamatan):
    return logistics.dispatch_post(
        by=by,
        warehouse=warehouse,
        lines=[logistics.IssueLine(item("BRS"), Decimal(quantity))],
        business_date=districts_today(),
        destination_kecamatan=kecamatan,
    )


def test_a_dispatch_below_the_minimum_raises_one_alert_that_resolves_when_stock_returns(
    store, people, paringin, django_capture_on_commit_callbacks, eager_celery
):
    policy(store.district, (0, Role.OFFICER, ["inbox"]), (2, Role.BPBD_STAFF, ["inbox"]))
    staff = people["staff"]
    with django_capture_on_commit_callbacks(execute=True):
        receive(staff, store, "BRS", 150, expiry=FAR)
    assert not Alert.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        dispatch(staff, store, 80, paringin)
    alert = Alert.objects.get(rule="stock_below_minimum")
    assert alert.kecamatan == paringin and alert.severity == "moderate"
    assert "70 kg in stock; the minimum is 100 kg" in alert.detail
    assert Notification.objects.filter(user=people["officer"], alert=alert).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        dispatch(staff, store, 70, paringin)
    alert.refresh_from_db()
    assert Alert.objects.filter(rule="stock_below_minimum").count() == 1
    assert alert.severity == "severe" and alert.detail.startswith("0 kg")

    with django_capture_on_commit_callbacks(execute=True):
        receive(staff, store, "BRS", 200, expiry=FAR)
    alert.refresh_from_db()
    assert alert.state == "resolved" and "back at or above the minimum" in alert.resolution_note


def test_a_main_warehouse_serving_several_kecamatan_alerts_bpbd_only(balangan, staff, officer, paringin, awayan):
    warehouse = WarehouseFactory(district=balangan, code="GU", kind="main", serves=[paringin, awayan])
    MinimumStock.objects.create(warehouse=warehouse, item=item("BRS"), mode="fixed", fixed_quantity=Decimal(10))
    rules_run(codes=["stock_below_minimum"])
    alert = Alert.objects.get()
    assert alert.kecamatan is None and alert.district == balangan


def test_lots_expiring_within_the_districts_window_raise_an_alert(store, staff):
    receive(staff, store, "BRS", 300, expiry=districts_today() + datetime.timedelta(days=10))
    rules_run(codes=["lot_expiring"])
    alert = Alert.objects.get(rule="lot_expiring")
    assert alert.severity == "moderate" and "300 kg" in alert.detail
    DistrictAlertSettings.objects.create(district=store.district, expiry_warning_days=5)
    rules_run(codes=["lot_expiring"])
    alert.refresh_from_db()
    assert alert.state == "resolved"


def test_stock_rules_are_set_based(store, staff, balangan, django_assert_max_num_queries):
    for code in ("LAUK", "SLMT"):
        MinimumStock.objects.create(warehouse=store, item=item(code), mode="fixed", fixed_quantity=Decimal(5))
    from kencana.alerts.rules import REGISTRY

    # A fixed number whatever the warehouses: balances, minimums, items, the districts' needs profiles and lines.
    with django_assert_max_num_queries(10):
        conditions = list(REGISTRY["stock_below_minimum"].evaluate())
    assert len(conditions) == 3
