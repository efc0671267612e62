"""Helpers for the response phase's tests: desa, an event made through the services, a flood card."""

import datetime

from django.utils import timezone

from kecamatan.models import Desa, Hazard
from kencana.plans.models import Agency, CardStep, QuickResponseCard
from kencana.response import services

from ..factories import today as today  # the districts' day, for the tests of this phase


def desa(kecamatan, number: int, name: str = "") -> Desa:
    code = f"{kecamatan.code}.{2000 + number}"
    return Desa.objects.get_or_create(
        code=code, defaults={"name": name or f"Desa {number}", "kecamatan": kecamatan, "kind": Desa.Kind.DESA}
    )[0]


def flood() -> Hazard:
    return Hazard.objects.get(code="banjir")


def open_event(staff, kecamatan, desa_list=(), *, hours_ago: int = 6, **extra):
    return services.event_open(
        by=staff,
        district=kecamatan[0].district,
        hazard=extra.pop("hazard", None) or flood(),
        started_at=timezone.now() - datetime.timedelta(hours=hours_ago),
        kecamatan=list(kecamatan),
        desa=list(desa_list),
        **extra,
    )


FLOOD_STEPS = [
    (0, "Sebarkan peringatan ke kepala desa", "Kasi Trantib"),
    (30, "Aktifkan posko siaga kecamatan", "Camat"),
    (120, "Buka layanan kesehatan di titik kumpul", "Kepala Puskesmas"),
    (1440, "Usulkan status tanggap darurat kepada Bupati", "Kepala Pelaksana"),
]


def flood_card(kecamatan, steps=FLOOD_STEPS) -> QuickResponseCard:
    card = QuickResponseCard.objects.create(kecamatan=kecamatan, hazard=flood(), trigger="Peringatan dini BMKG")
    agency = Agency.objects.create(
        district=kecamatan.district, kecamatan=kecamatan, kind="kecamatan", name=f"Kantor Kecamatan {kecamatan.name}"
    )
    for order, (minutes, action, role) in enumerate(steps, start=1):
        CardStep.objects.create(
            card=card,
            order=order,
            within_minutes=minutes,
            action=action,
            role=role,
            agency=agency if order == 1 else None,
        )
    return card


def figures(**counts) -> dict:
    return counts
