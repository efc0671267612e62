"""Changes to people and roles. A district admin manages only their own district, a province
admin only their province office's accounts."""

import datetime
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kecamatan.models import Desa, Kecamatan, School

from . import permissions
from .models import ApiToken, Role, User
from .permissions import require


def _check_assignment(*, district_id: int | None, role: str, kecamatan: Iterable[Kecamatan]) -> list[Kecamatan]:
    kecamatan = list(kecamatan)
    if any(k.district_id != district_id for k in kecamatan):
        raise ValidationError({"kecamatan": _("Only kecamatan of the user's own district can be assigned.")})
    if role == Role.OFFICER and not kecamatan:
        raise ValidationError({"kecamatan": _("A kecamatan officer needs at least one kecamatan.")})
    return kecamatan if role == Role.OFFICER else []


def _check_unit(*, district_id: int | None, role: str, desa: Desa | None, school: School | None) -> dict:
    """A desa facilitator names their one desa, a school focal person their one school, both of the
    user's district; every other role works for neither (what was named is dropped)."""
    if role == Role.DESA_FACILITATOR:
        if desa is None:
            raise ValidationError({"desa": _("A desa facilitator works for one desa: choose it.")})
        if desa.kecamatan.district_id != district_id:
            raise ValidationError({"desa": _("Only a desa of the user's own district can be chosen.")})
        return {"desa": desa, "school": None}
    if role == Role.SCHOOL_FOCAL:
        if school is None:
            raise ValidationError({"school": _("A school focal person works for one school: choose it.")})
        if school.desa.kecamatan.district_id != district_id:
            raise ValidationError({"school": _("Only a school of the user's own district can be chosen.")})
        return {"desa": None, "school": school}
    return {"desa": None, "school": None}


def _check_role(*, by: User, role: str) -> None:
    if role not in permissions.assignable_roles(by):
        raise ValidationError({"role": _("You cannot give this role.")})


@transaction.atomic
def user_create(
    *,
    by: User,
    username: str,
    password: str,
    role: str,
    kecamatan: Iterable[Kecamatan] = (),
    desa: Desa | None = None,
    school: School | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    job_title: str = "",
) -> User:
    require(permissions.may_manage_users(by), _("Only a BPBD admin manages users."))
    _check_role(by=by, role=role)
    unit = _check_unit(district_id=by.district_id, role=role, desa=desa, school=school)
    assigned = _check_assignment(district_id=by.district_id, role=role, kecamatan=kecamatan)
    user = User(
        username=username,
        role=role,
        district_id=by.district_id,
        **unit,
        province_id=by.province_id,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        job_title=job_title,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    user.kecamatan.set(assigned)
    return user


@transaction.atomic
def user_update(
    *,
    by: User,
    user: User,
    role: str,
    kecamatan: Iterable[Kecamatan] = (),
    desa: Desa | None = None,
    school: School | None = None,
    is_active: bool = True,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    job_title: str = "",
) -> User:
    require(permissions.may_manage_account(by, user), _("Only a BPBD admin of this district manages this user."))
    if user.pk == by.pk and (not is_active or role != by.role):
        raise ValidationError(_("You cannot deactivate yourself or change your own role."))
    if role != user.role:
        _check_role(by=by, role=role)
    unit = _check_unit(district_id=user.district_id, role=role, desa=desa, school=school)
    assigned = _check_assignment(district_id=user.district_id, role=role, kecamatan=kecamatan)
    user = User.objects.select_for_update().get(pk=user.pk)
    user.desa, user.school = unit["desa"], unit["school"]  # only a facilitator or a focal person has one
    user.role, user.is_active = role, is_active
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.phone, user.job_title = phone, job_title
    user.full_clean()
    user.save()
    user.kecamatan.set(assigned)
    return user


# --- API tokens -------------------------------------------------------------------
MAX_ACTIVE_TOKENS = 20


def api_token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for the person; returns it and its key, which is shown this once."""
    if not user.is_active:
        raise PermissionDenied(_("This account is not active."))
    name = (name or "").strip()[:80] or _("API")
    now = timezone.now()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one creation at a time per person
        active = ApiToken.objects.filter(user=user, expires_at__gt=now)
        if active.count() >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                _("You have %(count)s active tokens; revoke one before creating another.") % {"count": active.count()}
            )
        key = secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            user=user,
            name=name,
            key_hash=ApiToken.hash_of(key),
            prefix=key[:8],
            created_at=now,
            expires_at=now + datetime.timedelta(days=settings.API_TOKEN_DAYS),
        )
    return token, key


def api_token_revoke(*, token: ApiToken, by: User) -> None:
    if token.user_id != by.pk:
        raise PermissionDenied(_("This is not your token."))
    token.delete()


def api_tokens_revoke_all(*, user: User) -> int:
    deleted, _by_model = ApiToken.objects.filter(user=user).delete()
    return deleted
