"""Demo logistics for Balangan (and a little for Banjar), posted through the real services.

Every receipt and transfer carries an idempotency key, so running seed_demo again
finds the documents already posted and moves no stock twice.
"""

import datetime
from decimal import Decimal

from kecamatan.demo import desa
from kecamatan.models import District, Kecamatan
from kencana.accounts.models import User

from . import services
from .models import Item, LogisticsSettings, MinimumStock, Request, Warehouse
from .services.common import district_today

# code, name, kind, kecamatan codes served, desa/kelurahan where it stands
WAREHOUSES = {
    "63.11": [
        (
            "GU-BLG",
            "Gudang Logistik Utama BPBD Balangan",
            "main",
            ["63.11.06", "63.11.07", "63.11.04", "63.11.05"],
            "63.11.06.1023",  # Kelurahan Paringin Kota
        ),
        ("GK-AWY", "Gudang Kecamatan Awayan", "kecamatan", ["63.11.03"], "63.11.03.2007"),  # Desa Awayan
        ("GK-HLG", "Gudang Kecamatan Halong", "kecamatan", ["63.11.02"], "63.11.02.2005"),  # Desa Halong
        ("GK-JUA", "Gudang Kecamatan Juai", "kecamatan", ["63.11.01"], "63.11.01.2003"),  # Desa Juai
    ],
    "63.03": [
        ("GU-BJR", "Gudang Logistik Utama BPBD Banjar", "main", ["63.03.05"], "63.03.05.1001"),  # Kelurahan Keraton
    ],
}
# Awayan's request for a flood posko: the posko's desa and the flooded desa.
REQUEST_POSKO = "63.11.03.2018"  # Desa Baru
REQUEST_FLOODED = ["63.11.03.2018", "63.11.03.2020", "63.11.03.2016"]  # Baru, Awayan Hilir, Bihara Hilir

# warehouse, days ago, funding, supplier, [(item, quantity, expiry in days from today or None, inventory numbers)]
RECEIPTS = [
    (
        "GU-BLG",
        150,
        "apbd_kabupaten",
        "Perum Bulog Cabang Barabai",
        [
            ("BRS", 3000, 25, ()),
            ("MIE", 2400, 50, ()),
            ("AIR", 6000, 80, ()),
        ],
    ),
    (
        "GU-BLG",
        120,
        "apbn",
        "BNPB (dukungan logistik)",
        [
            ("SLMT", 800, None, ()),
            ("TRPL", 300, None, ()),
            ("TND-KEL", 40, None, ()),
            ("KIT-HYG", 250, None, ()),
            ("MTRS", 400, None, ()),
            ("KIT-DPR", 60, None, ()),
            ("PRH-KRT", 3, None, ("BLG-PRH-2025-001", "BLG-PRH-2025-002", "BLG-PRH-2025-003")),
            ("GNST", 2, None, ("BLG-GNS-2025-001", "BLG-GNS-2025-002")),
        ],
    ),
    ("GU-BLG", 45, "csr", "CSR PT Adaro Indonesia", [("BRS", 1500, 300, ()), ("LAUK", 500, 70, ())]),
    (
        "GK-AWY",
        60,
        "apbd_kabupaten",
        "Gudang Utama (pengadaan kecamatan)",
        [("MIE", 300, 20, ()), ("SLMT", 60, None, ())],
    ),
    ("GK-HLG", 60, "hibah", "PMI Kabupaten Balangan", [("AIR", 900, 40, ()), ("KIT-HYG", 20, None, ())]),
    ("GK-JUA", 30, "masyarakat", "Donasi warga Juai", [("MIE", 120, 85, ()), ("SLMT", 35, None, ())]),
    ("GU-BJR", 90, "apbd_kabupaten", "Perum Bulog Cabang Martapura", [("BRS", 2000, 200, ()), ("SLMT", 300, None, ())]),
]

# warehouse, item, fixed quantity (None: derived from served population × the district's needs profile
# × buffer days; hygiene kits are counted per household there, so their minimum is fixed)
MINIMUMS = [
    ("GU-BLG", "BRS", None),
    ("GU-BLG", "AIR", Decimal(5000)),
    ("GU-BLG", "SLMT", None),
    ("GU-BLG", "TND-KEL", None),
    ("GU-BLG", "KIT-HYG", Decimal(60)),
    ("GU-BLG", "PRH-KRT", Decimal(4)),
    ("GU-BLG", "GNST", Decimal(2)),
    ("GK-AWY", "MIE", Decimal(300)),
    ("GK-AWY", "SLMT", Decimal(100)),
    ("GK-AWY", "TRPL", Decimal(40)),
    ("GK-HLG", "AIR", Decimal(600)),
    ("GK-HLG", "TRPL", Decimal(30)),
    ("GK-JUA", "SLMT", Decimal(50)),
    ("GK-JUA", "MIE", Decimal(100)),
]


def _warehouses(district: District) -> dict[str, Warehouse]:
    found = {}
    for code, name, kind, served, site in WAREHOUSES[district.code]:
        where = desa(site)
        warehouse, created = Warehouse.objects.get_or_create(
            district=district,
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "lat": where.centroid_lat,
                "lon": where.centroid_lon,
                "address": f"{where.display_name}, Kecamatan {where.kecamatan.name}",
            },
        )
        if created:
            warehouse.full_clean()  # the location check: the desa's label point lies inside the district
            warehouse.kecamatan_served.set(Kecamatan.objects.filter(code__in=served))
        found[code] = warehouse
    return found


def seed_logistics() -> None:
    today = district_today(District.objects.get(code="63.11"))
    warehouses = {}
    for district_code in WAREHOUSES:
        warehouses.update(_warehouses(District.objects.get(code=district_code)))
    # Plan for 2% of the served population displaced for 3 days (see LogisticsSettings).
    LogisticsSettings.objects.get_or_create(
        district=District.objects.get(code="63.11"), defaults={"buffer_days": 3, "planning_share_percent": Decimal(2)}
    )
    staff = {"63.11": User.objects.get(username="staff.balangan"), "63.03": User.objects.get(username="staff.banjar")}
    items = {i.code: i for i in Item.objects.all()}
    for number, (code, days_ago, funding, supplier, lines) in enumerate(RECEIPTS, start=1):
        warehouse = warehouses[code]
        services.receipt_post(
            by=staff[warehouse.district.code],
            warehouse=warehouse,
            business_date=today - datetime.timedelta(days=days_ago),
            funding_source=funding,
            supplier=supplier,
            idempotency_key=f"demo-receipt-{number}",
            lines=[
                services.ReceiptLine(
                    items[item], Decimal(q), today + datetime.timedelta(days=e) if e else None, numbers
                )
                for item, q, e, numbers in lines
            ],
        )
    for code, item, fixed in MINIMUMS:
        MinimumStock.objects.get_or_create(
            warehouse=warehouses[code],
            item=items[item],
            defaults={"mode": "fixed" if fixed else "derived", "fixed_quantity": fixed},
        )
    balangan_staff = staff["63.11"]
    main, awayan, halong = warehouses["GU-BLG"], warehouses["GK-AWY"], warehouses["GK-HLG"]
    delivered = services.transfer_post(
        by=balangan_staff,
        warehouse=main,
        destination_warehouse=awayan,
        business_date=today - datetime.timedelta(days=20),
        lines=[services.IssueLine(items["TRPL"], Decimal(30))],
        vehicle="DA 8123 TB",
        driver="Rudi Hartono",
        driver_phone="0812 5111 2233",
        idempotency_key="demo-transfer-1",
    )
    if delivered.status == delivered.Status.IN_TRANSIT:
        services.shipment_receive(
            by=balangan_staff,
            document=delivered,
            received={},
            received_date=today - datetime.timedelta(days=19),
            received_by_name="Ahmad Fauzi",
            idempotency_key="demo-bast-1",
        )
    services.transfer_post(
        by=balangan_staff,
        warehouse=main,
        destination_warehouse=halong,
        business_date=today,
        lines=[services.IssueLine(items["TRPL"], Decimal(20)), services.IssueLine(items["SLMT"], Decimal(50))],
        vehicle="DA 8124 TB",
        driver="Supriadi",
        driver_phone="0813 4800 7788",
        idempotency_key="demo-transfer-2",
    )
    if not Request.objects.filter(district=main.district).exists():
        posko = desa(REQUEST_POSKO)
        flooded = [desa(code).display_name for code in REQUEST_FLOODED]
        services.request_create(
            by=User.objects.get(username="camat.awayan"),
            kecamatan=posko.kecamatan,
            destination_kind=Request.Destination.POSKO,
            destination_text=f"Posko {posko.display_name}, Kecamatan {posko.kecamatan.name}",
            reason=(
                f"Banjir luapan Sungai Balangan merendam {', '.join(flooded[:-1])} dan {flooded[-1]}; "
                "warga mengungsi ke balai desa."
            ),
            people_affected=240,
            lines=[
                services.RequestedLine(items["BRS"], Decimal(300)),
                services.RequestedLine(items["SLMT"], Decimal(120)),
                services.RequestedLine(items["KIT-HYG"], Decimal(50)),
            ],
        )
