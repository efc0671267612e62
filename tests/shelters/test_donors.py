"""Deliveries export and the donor report: what each donor gave for the event and where it went."""

import csv
import datetime
import io
from decimal import Decimal

from django.urls import reverse

from kencana.shelters import selectors, services
from logistics import services as stock
from logistics.models import Item
from tests.logistics.factories import WarehouseFactory

from ..factories import today as districts_today


def test_a_donation_is_followed_lot_by_lot_to_the_shelter_and_its_households(client_for, staff, shelter, paringin):
    main = WarehouseFactory(district=shelter.district, serves=[paringin])
    blanket = Item.objects.get(code="SLMT")
    today = districts_today() - datetime.timedelta(days=1)
    stock.receipt_post(
        by=staff,
        warehouse=main,
        business_date=today,
        funding_source="csr",
        lines=[stock.ReceiptLine(blanket, Decimal(40))],
        supplier="PT Adaro Indonesia",
        reference=f"Bantuan {shelter.event.number}",
    )
    dispatch = services.shelter_dispatch(
        by=staff, shelter=shelter, warehouse=main, lines=[stock.IssueLine(blanket, Decimal(30))], business_date=today
    )
    stock.shipment_receive(
        by=staff,
        document=dispatch,
        received={line.pk: line.quantity for line in dispatch.lines.all()},
        received_date=today,
    )
    services.shelter_distribute(
        by=staff,
        shelter=shelter,
        lines=[stock.IssueLine(blanket, Decimal(12))],
        business_date=today,
        households_reached=12,
    )
    (donation,) = selectors.donor_report(event=shelter.event)
    assert (donation.donor, donation.quantity) == ("PT Adaro Indonesia", Decimal(40))
    assert [(number[:3], quantity) for _date, number, _where, quantity in donation.went] == [
        ("DSP", Decimal(30)),
        ("DST", Decimal(12)),
    ]
    page = client_for(staff).get(reverse("shelters:donors", args=[shelter.event.pk]))
    assert "PT Adaro Indonesia" in page.content.decode()

    export = client_for(staff).get(reverse("shelters:deliveries_export", args=[shelter.event.pk]))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[1][4:9] == ["#item+name", "#item+unit", "#output+delivered", "#output+distributed", "#reached+hh"]
    assert [(r[6], r[7], r[8]) for r in rows[2:]] == [("30.000", "", ""), ("", "12.000", "12")]


def test_officers_do_not_read_the_donor_report(client_for, officer, shelter):
    assert client_for(officer).get(reverse("shelters:donors", args=[shelter.event.pk])).status_code == 403
