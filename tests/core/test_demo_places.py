"""Every place the demo names below a kecamatan is a real desa, given by its code, in the right kecamatan."""

import csv

from shapely.geometry import Point, shape

from kecamatan.demo import DATA_DIR
from kecamatan.models import Desa, Kecamatan
from kencana.alerts import demo as alerts_demo
from kencana.alerts.models import HazardWarning
from kencana.plans import demo as plans_demo
from kencana.plans.models import Agency, QuickResponseCard
from kencana.shelters import demo as shelters_demo
from logistics import demo as logistics_demo
from logistics.models import Request, Warehouse


def parent(code: str) -> str:
    return code.rsplit(".", 1)[0]


def named_places() -> list[tuple[str, str, set[str]]]:
    """(what names it, desa code, the kecamatan it must lie in) for every desa the demo names."""
    places = []
    for rows in logistics_demo.WAREHOUSES.values():
        for code, _name, _kind, served, site in rows:
            places.append((f"warehouse {code}", site, set(served)))  # it stands in a kecamatan it serves
    for code in [logistics_demo.REQUEST_POSKO, *logistics_demo.REQUEST_FLOODED]:
        places.append(("request of camat.awayan", code, {"63.11.03"}))
    for code in alerts_demo.DEMO_WARNING_DESA:
        places.append(("flood warning", code, {k for k in {parent(code)} if k.startswith("63.11.")}))
    for code in plans_demo.DESA_AGENCIES:
        places.append(("desa agency", code, {k for k in {parent(code)} if k.startswith("63.11.")}))
    for kecamatan, code in plans_demo.CARD_SITES.items():
        places.append((f"flood card of {kecamatan}", code, {kecamatan}))
    for code, name, *_rest in shelters_demo.SHELTERS:
        places.append((f"shelter {name}", code, {parent(code)}))
    return places


def test_every_named_place_is_a_shipped_desa_of_the_kecamatan_it_belongs_to():
    with (DATA_DIR / "wilayah.csv").open(encoding="utf-8") as fh:
        codes = {row["kode"] for row in csv.DictReader(fh)}
    places = named_places()
    assert len(places) >= 20
    for what, code, kecamatan in places:
        assert code in codes, f"{what}: {code} is not a desa of the demo"
        assert parent(code) in kecamatan, f"{what}: {code} is not in {sorted(kecamatan)}"


def test_each_warehouse_stands_inside_its_desa_and_its_real_kecamatan(seeded_demo):
    for rows in logistics_demo.WAREHOUSES.values():
        for code, _name, _kind, _served, site in rows:
            warehouse = Warehouse.objects.get(code=code)
            desa = Desa.objects.select_related("kecamatan").get(code=site)
            point = Point(warehouse.lon, warehouse.lat)
            assert shape(desa.boundary).contains(point), code
            assert shape(desa.kecamatan.boundary).contains(point), code
            assert warehouse.address == f"{desa.display_name}, Kecamatan {desa.kecamatan.name}"


def test_the_request_warning_agency_and_cards_name_their_real_desa(seeded_demo):
    request = Request.objects.get()
    assert request.destination_text == "Posko Desa Baru, Kecamatan Awayan"
    for code in logistics_demo.REQUEST_FLOODED:
        assert Desa.objects.get(code=code).display_name in request.reason
    warning = HazardWarning.objects.get(title=alerts_demo.DEMO_WARNING_TITLE)
    for code in alerts_demo.DEMO_WARNING_DESA:
        assert Desa.objects.get(code=code).display_name in warning.message
    covered = {parent(code) for code in alerts_demo.DEMO_WARNING_DESA}
    assert set(warning.kecamatan.values_list("code", flat=True)) == covered
    assert Agency.objects.filter(name="Pemerintah Desa Dayak Pitap", kecamatan__code="63.11.08").exists()
    for kecamatan, code in plans_demo.CARD_SITES.items():
        card = QuickResponseCard.objects.get(kecamatan__code=kecamatan, hazard__code="banjir")
        assert f"Balai {Desa.objects.get(code=code).display_name}" in card.assembly_points
    assert Kecamatan.objects.filter(boundary_approximate=True).count() == 0
