"""Changes to people and roles. A district admin manages only their own district."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kecamatan.models import Kecamatan

from . import permissions
from .models import Role, User
from .permissions import require


def _check_assignment(*, district_id: int | None, role: str, kecamatan: Iterable[Kecamatan]) -> list[Kecamatan]:
    kecamatan = list(kecamatan)
    if any(k.district_id != district_id for k in kecamatan):
        raise ValidationError({"kecamatan": _("Only kecamatan of the user's own district can be assigned.")})
    if role == Role.OFFICER and not kecamatan:
        raise ValidationError({"kecamatan": _("A kecamatan officer needs at least one kecamatan.")})
    return kecamatan if role == Role.OFFICER else []


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
    assigned = _check_assignment(district_id=by.district_id, role=role, kecamatan=kecamatan)
    user = User(
        username=username,
        role=role,
        district_id=by.district_id,
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
    require(
        permissions.may_manage_users(by, user.district_id), _("Only a BPBD admin of this district manages this user.")
    )
    if user.pk == by.pk and (not is_active or role != by.role):
        raise ValidationError(_("You cannot deactivate yourself or change your own role."))
    assigned = _check_assignment(district_id=user.district_id, role=role, kecamatan=kecamatan)
    user = User.objects.select_for_update().get(pk=user.pk)
    user.role, user.is_active = role, is_active
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.phone, user.job_title = phone, job_title
    user.full_clean()
    user.save()
    user.kecamatan.set(assigned)
    return user
