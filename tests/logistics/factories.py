"""Warehouses and stock for logistics tests. Stock always enters through the receipt service."""

import datetime

import factory

from logistics import services
from logistics.models import Item, Warehouse

from ..factories import today as districts_today


class WarehouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Warehouse
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"G{n:02d}")
    name = factory.Sequence(lambda n: f"Gudang {n}")
    kind = Warehouse.Kind.KECAMATAN
    lat = -2.3
    lon = 115.5

    @factory.post_generation
    def serves(self, create, extracted, **kwargs):
        if create and extracted:
            self.kecamatan_served.set(extracted)


def item(code: str) -> Item:
    return Item.objects.get(code=code)


def receive(by, warehouse, code: str, quantity, *, expiry=None, on=None, numbers=(), key: str = ""):
    """Post a receipt of one line and return the document."""
    on = on or districts_today() - datetime.timedelta(days=30)
    return services.receipt_post(
        by=by,
        warehouse=warehouse,
        business_date=on,
        funding_source="apbd_kabupaten",
        lines=[services.ReceiptLine(item(code), quantity, expiry, numbers)],
        supplier="Perum Bulog",
        idempotency_key=key,
    )
