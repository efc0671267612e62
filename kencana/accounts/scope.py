"""The one place that decides what a user may see.

Every view, form, export and API endpoint reaches user-visible objects through
these querysets (or selectors built on them), so an object outside a user's
scope is simply not found: a 404, never a 403 that would confirm it exists.
"""

from django.db.models import Q, QuerySet

from kecamatan.models import Desa, District, Kecamatan, School

from .models import Role, User


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def districts_for(user: User) -> QuerySet[District]:
    """Districts whose internal data (reports, scores, stock, alerts) the user may see: their own,
    every district of their province for BPBD Provinsi, every district for BNPB."""
    if not _active(user) or user.is_unit_scoped:  # one desa or one school, none of the district
        return District.objects.none()
    if user.is_superuser or user.is_national:
        return District.objects.all()
    if user.is_province:
        return District.objects.filter(province_id=user.province_id)
    return District.objects.filter(pk=user.district_id)


def kecamatan_for(user: User) -> QuerySet[Kecamatan]:
    """Kecamatan the user works on (or oversees): the whole district for BPBD, the province's for
    BPBD Provinsi, every one for BNPB, assigned ones for officers."""
    if not _active(user):
        return Kecamatan.objects.none()
    if user.is_superuser or user.is_national:
        return Kecamatan.objects.all()
    if user.is_province:
        return Kecamatan.objects.filter(district__province_id=user.province_id)
    if user.is_bpbd:
        return Kecamatan.objects.filter(district_id=user.district_id)
    return Kecamatan.objects.filter(district_id=user.district_id, officers=user)


def desa_for(user: User) -> QuerySet[Desa]:
    """Desa the user works on: those of the user's kecamatan, or a desa facilitator's one desa (a
    school focal person works on a school, not on its desa)."""
    if not _active(user) or user.is_school_focal:
        return Desa.objects.none()
    if user.is_facilitator:
        return Desa.objects.filter(pk=user.desa_id, kecamatan__district_id=user.district_id)
    return Desa.objects.filter(kecamatan__in=kecamatan_for(user))


def schools_for(user: User) -> QuerySet[School]:
    """Schools of the desa the user works on, or a school focal person's one school (closed schools too:
    their assessments stay readable)."""
    if _active(user) and user.is_school_focal:
        return School.objects.filter(pk=user.school_id, desa__kecamatan__district_id=user.district_id)
    return School.objects.filter(desa__in=desa_for(user))


def reporting_districts_for(user: User) -> QuerySet[District]:
    """Districts whose readiness assignments reach the user: ``districts_for``, or for a desa
    facilitator the district of their desa (its desa templates are what they fill in), for a school
    focal person the district of their school."""
    if _active(user) and user.is_facilitator:
        return District.objects.filter(pk=user.district_id, kecamatan__desa=user.desa_id)
    if _active(user) and user.is_school_focal:
        return District.objects.filter(pk=user.district_id, kecamatan__desa__schools=user.school_id)
    return districts_for(user)


def library_districts_for(user: User) -> QuerySet[District]:
    """Districts whose shared templates the user may browse: their own and those that name it a
    partner; an overseer's districts."""
    if not _active(user) or user.is_unit_scoped:
        return District.objects.none()
    if user.is_superuser or user.is_overseer:
        return districts_for(user)
    return District.objects.filter(Q(pk=user.district_id) | Q(partners=user.district_id)).distinct()


def users_for(user: User) -> QuerySet[User]:
    """Accounts an admin manages: everyone in a district admin's district; the BPBD Provinsi
    accounts of a province admin's province."""
    if not _active(user):
        return User.objects.none()
    if user.is_superuser:
        return User.objects.all()
    if user.role == Role.PROVINCE_ADMIN:
        return User.objects.filter(province_id=user.province_id)
    if not user.is_district_admin:
        return User.objects.none()
    return User.objects.filter(district_id=user.district_id)
