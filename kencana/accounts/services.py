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

from kecamatan.models import Kecamatan

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


def _check_role(*, by: User, role: str) -> None:
    if role not in permissions.assignable_roles(by):
        raise ValidationError({"role": _("You cannot give this role.")})


def _check_facilitator(*, role: str, desa_id: int | None) -> None:
    # The form has no desa field yet: a facilitator's account, with its desa, is set up in the Django admin.
    if role == Role.DESA_FACILITATOR and desa_id is None:
        raise ValidationError({"role": _("A desa facilitator's account names their desa: set it up in the admin.")})


@transaction.atomic
def user_create(
    *,
    by: User,
    username: str,
    password: str,
    role: str,
    kecamatan: Iterable[Kecamatan] = (),
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    job_title: str = "",
) -> User:
    require(permissions.may_manage_users(by), _("Only a BPBD admin manages users."))
    _check_role(by=by, role=role)
    _check_facilitator(role=role, desa_id=None)
    assigned = _check_assignment(district_id=by.district_id, role=role, kecamatan=kecamatan)
    user = User(
        username=username,
        role=role,
        district_id=by.district_id,
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
    _check_facilitator(role=role, desa_id=user.desa_id)
    assigned = _check_assignment(district_id=user.district_id, role=role, kecamatan=kecamatan)
    user = User.objects.select_for_update().get(pk=user.pk)
    if role != Role.DESA_FACILITATOR:
        user.desa = None  # only a facilitator works for one desa
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
