from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kencana.accounts.scope import desa_for, districts_for, kecamatan_for, schools_for

from .models import GEOMETRY_FIELDS, Desa, District, Hazard, Kecamatan, School, geometry_of


def kecamatan_list(*, user) -> QuerySet[Kecamatan]:
    return kecamatan_for(user).select_related("district").defer(*GEOMETRY_FIELDS)


def kecamatan_get(*, user, code: str) -> Kecamatan:
    """One kecamatan in the user's scope, with its simplified outline (its page draws it) but not
    the full boundary nor the district's."""
    return get_object_or_404(
        kecamatan_for(user).select_related("district").defer("boundary", "boundary_outline", *geometry_of("district")),
        code=code,
    )


def desa_list(*, user) -> QuerySet[Desa]:
    """Desa and kelurahan the user works on: those of their kecamatan, or a facilitator's one."""
    return desa_for(user)


def desa_get(*, user, code: str) -> Desa:
    return get_object_or_404(desa_for(user).select_related("kecamatan__district").defer(*GEOMETRY_FIELDS), code=code)


def school_list(*, user) -> QuerySet[School]:
    return schools_for(user).select_related("desa__kecamatan")


def school_get(*, user, npsn: str) -> School:
    return get_object_or_404(school_list(user=user), npsn=npsn)


def district_list(*, user) -> QuerySet[District]:
    return districts_for(user).select_related("province").defer(*GEOMETRY_FIELDS)


def hazard_list() -> QuerySet[Hazard]:
    return Hazard.objects.all()


def hazard_codes_of(*, kecamatan: Kecamatan) -> set[str]:
    """Codes of the hazards a kecamatan faces, from its risk profiles."""
    return set(kecamatan.risk_profiles.values_list("hazard__code", flat=True))
