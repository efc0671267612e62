from django.core.management import call_command
from shapely.geometry import Point, shape

from kecamatan.demo import seed_territory
from kecamatan.models import Kecamatan
from kencana.accounts.demo import seed_users
from logistics import selectors
from logistics.demo import seed_logistics
from logistics.models import Balance, Document, Request, Warehouse


def test_the_demo_stocks_balangan_and_is_idempotent(db, capsys):
    seed_territory()
    seed_users()
    seed_logistics()
    counts = (Document.objects.count(), Balance.objects.count(), Request.objects.count())
    seed_logistics()
    assert (Document.objects.count(), Balance.objects.count(), Request.objects.count()) == counts

    main = Warehouse.objects.get(code="GU-BLG")
    paringin = Kecamatan.objects.get(code="63.11.06")
    assert shape(paringin.boundary).contains(Point(main.lon, main.lat))
    held = {b.item.code for b in Balance.objects.filter(warehouse=main, quantity__gt=0).select_related("item")}
    assert {"BRS", "MIE", "SLMT", "TRPL", "TND-KEL", "KIT-HYG", "PRH-KRT", "GNST"} <= held
    assert selectors.expiring_lots(within_days=30).exists()
    assert selectors.shortages(district_ids=[main.district_id])
    assert Request.objects.get().status == Request.Status.SUBMITTED
    assert Document.objects.filter(status=Document.Status.IN_TRANSIT).exists()
    call_command("check_ledger")
    assert "agree" in capsys.readouterr().out


def test_shortages_and_expiry_selectors_run_in_a_few_queries(db, django_assert_max_num_queries):
    seed_territory()
    seed_users()
    seed_logistics()
    # Warehouses, settings, minimums, stock and items; the districts' needs profiles (their choices,
    # the national default) and the profiles' lines per person: the same count for any number of rows.
    with django_assert_max_num_queries(8):
        rows = selectors.shortages()
    assert rows
    with django_assert_max_num_queries(1):
        assert list(selectors.expiring_lots(within_days=90))
