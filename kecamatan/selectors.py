from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kencana.accounts.scope import districts_for, kecamatan_for

from .models import GEOMETRY_FIELDS, Desa, District, Hazard, Kecamatan


def kecamatan_list(*, user) -> QuerySet[Kecamatan]:
    return kecamatan_for(user).select_related("district").defer(*GEOMETRY_FIELDS)


def kecamatan_get(*, user, code: str) -> Kecamatan:
    return get_object_or_404(kecamatan_for(user).select_related("district"), code=code)


def desa_list(*, user) -> QuerySet[Desa]:
    """Desa and kelurahan of the kecamatan the user works on."""
    return Desa.objects.filter(kecamatan__in=kecamatan_for(user))


def district_list(*, user) -> QuerySet[District]:
    return districts_for(user).select_related("province").defer(*GEOMETRY_FIELDS)


def hazard_list() -> QuerySet[Hazard]:
    return Hazard.objects.all()


def hazard_codes_of(*, kecamatan: Kecamatan) -> set[str]:
    """Codes of the hazards a kecamatan faces, from its risk profiles."""
    return set(kecamatan.risk_profiles.values_list("hazard__code", flat=True))
