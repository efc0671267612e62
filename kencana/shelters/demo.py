"""Demo shelters for the Paringin/Awayan flood: a school, a mosque and host families in one desa,
counted on three days, under Perka BNPB 7/2008 (the district's default), with one delivery of
rice and water received at the school and shortfalls still open.

Desa are looked up by Kemendagri code and never created; the demo event comes from
``kencana.response.demo``. Seeding again changes nothing.
"""

import datetime
import zoneinfo

from django.utils import timezone

from kecamatan.models import Desa
from kencana.accounts.models import User
from kencana.response.demo import EVENT_TITLE
from kencana.response.models import Event
from logistics.models import Item, Warehouse
from logistics.services.documents import IssueLine, shipment_receive

from . import services
from .models import Shelter

# desa code, name, kind, capacity, facilities, manager, [(households, people, sex × age, vulnerable)] per day
SHELTERS = [
    (
        "63.11.06.2007",  # Lasung Batu
        "SDN Lasung Batu",
        "school",
        150,
        {"toilets": 4, "water_points": 1, "kitchen": True, "health_post": True},
        ("Hj. Normasari (Kepala Sekolah)", "081251100201"),
        [
            (38, 140, (12, 10, 20, 22, 30, 34, 6, 6), (3, 5, 2, 4, 6)),
            (47, 171, (15, 13, 24, 27, 37, 41, 7, 7), (4, 6, 2, 7, 8)),
            (49, 176, (15, 14, 25, 28, 38, 42, 7, 7), (4, 6, 2, 5, 9)),
        ],
    ),
    (
        "63.11.06.2005",  # Balang
        "Masjid Al-Ikhlas Balang",
        "worship",
        120,
        {"toilets": 3, "water_points": 1, "kitchen": True},
        ("Ustadz Mahmudin", "081348800412"),
        [
            (21, 76, (6, 5, 10, 11, 16, 18, 5, 5), (2, 3, 1, 2, 4)),
            (27, 96, (8, 7, 13, 14, 20, 23, 5, 6), (2, 4, 1, 3, 5)),
            (27, 98, (8, 7, 13, 15, 21, 23, 5, 6), (2, 4, 1, 2, 5)),
        ],
    ),
    (
        "63.11.03.2007",  # Awayan
        "Keluarga penampung Desa Awayan",
        "host_families",
        80,
        {},
        ("Pembakal Desa Awayan", "081250077315"),
        [
            (15, 52, (4, 4, 7, 8, 11, 12, 3, 3), (1, 2, 0, 1, 3)),
            (19, 64, (5, 5, 9, 10, 13, 15, 3, 4), (1, 2, 1, 1, 4)),
            (19, 64, (5, 5, 9, 10, 13, 15, 3, 4), (1, 2, 1, 1, 4)),
        ],
    ),
]
SEX_AGE = ("male_0_5", "female_0_5", "male_6_17", "female_6_17", "male_18_59", "female_18_59", "male_60", "female_60")
VULNERABLE = ("pregnant", "breastfeeding", "disabled", "sick", "female_headed_households")
# What reached the school: rice and drinking water from the main warehouse, received in full.
DELIVERY = [("BRS", 150), ("AIR", 300)]


def _values(row) -> dict:
    households, people, sex_age, vulnerable = row
    return {
        "households": households,
        "people": people,
        **dict(zip(SEX_AGE, sex_age, strict=True)),
        **dict(zip(VULNERABLE, vulnerable, strict=True)),
    }


def seed_shelters() -> None:
    event = Event.objects.filter(title=EVENT_TITLE, district__code="63.11").select_related("district").first()
    staff = User.objects.filter(username="staff.balangan").first()
    if event is None or staff is None or Shelter.objects.filter(event=event).exists():
        return
    zone = zoneinfo.ZoneInfo(event.district.timezone)
    opened = event.started_at.astimezone(zone).date()
    desa = {d.code: d for d in Desa.objects.filter(code__in=[row[0] for row in SHELTERS]).select_related("kecamatan")}
    officers = {o.username: o for o in User.objects.filter(username__in=["camat.paringin", "camat.awayan"])}
    now = timezone.now()
    # Counts at 18.00 on the first two days, and an hour ago.
    moments = [
        datetime.datetime.combine(opened, datetime.time(18), tzinfo=zone),
        datetime.datetime.combine(opened + datetime.timedelta(days=1), datetime.time(18), tzinfo=zone),
        now - datetime.timedelta(hours=1),
    ]
    shelters = []
    for code, name, kind, capacity, facilities, (manager, phone), counts in SHELTERS:
        place = desa.get(code)
        if place is None or place.centroid_lat is None:
            continue
        shelter = services.shelter_save(
            by=staff,
            event=event,
            desa=place,
            values={
                "name": name,
                "kind": kind,
                "capacity": capacity,
                "lat": place.centroid_lat,
                "lon": place.centroid_lon,
                "manager": manager,
                "phone": phone,
                "opened_on": opened,
                **facilities,
            },
        )
        officer = officers.get("camat.awayan" if code.startswith("63.11.03") else "camat.paringin") or staff
        previous = 0
        for moment, row in zip(moments, counts, strict=True):
            if moment > now:
                continue
            values = _values(row)
            values["arrivals"] = max(0, values["people"] - previous)
            previous = values["people"]
            services.shelter_count_file(by=officer, shelter=shelter, as_of=moment, values=values)
        shelters.append(shelter)
    _delivery(shelters, staff)


def _delivery(shelters: list[Shelter], staff: User) -> None:
    main = Warehouse.objects.filter(district__code="63.11", code="GU-BLG").first()
    school = next((s for s in shelters if s.kind == "school"), None)
    if main is None or school is None:
        return
    items = {i.code: i for i in Item.objects.filter(code__in=[code for code, _q in DELIVERY])}
    lines = [IssueLine(items[code], quantity) for code, quantity in DELIVERY if code in items]
    today = timezone.now().astimezone(zoneinfo.ZoneInfo(school.district.timezone)).date()
    dispatch = services.shelter_dispatch(
        by=staff,
        shelter=school,
        warehouse=main,
        lines=lines,
        business_date=today,
        vehicle="DA 8126 TB",
        driver="Syahrani",
    )
    shipment_receive(
        by=staff,
        document=dispatch,
        received={line.pk: line.quantity for line in dispatch.lines.all()},
        received_date=today,
        received_by_name="Hj. Normasari",
        note="Diterima lengkap di SDN Lasung Batu",
    )
