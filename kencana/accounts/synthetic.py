"""People of the synthetic country: per district an admin and a staff member, an officer
per kecamatan, and one BNPB (national) account. One password for all (``PASSWORD``)."""

from django.contrib.auth.hashers import make_password

from kencana.core.synthetic import PASSWORD, Context

from .models import Role, User

NATIONAL = "synth.nasional"


def seed_users(ctx: Context) -> None:
    if User.objects.filter(username=NATIONAL).exists():
        raise ValueError("this database already holds a synthetic country; seed a fresh one")
    password = make_password(PASSWORD)
    fields = [
        "id",
        "password",
        "is_superuser",
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_active",
        "date_joined",
        "district",
        "role",
        "phone",
        "job_title",
    ]
    users = ctx.table(User, fields)
    officers_of = ctx.table(User.kecamatan.through, ["user", "kecamatan"])
    total = 1 + len(ctx.districts) * 2 + len(ctx.kecamatan)
    ids = iter(ctx.ids(User, total))

    def add(username: str, role: str, district_id: int | None, title: str, superuser: bool = False) -> int:
        pk = next(ids)
        first, last = ctx.name(), ctx.name()
        users.add(
            pk,
            password,
            superuser,
            username,
            first[:150],
            last[:150],
            f"{username}@sintetis.example",
            superuser,
            True,
            ctx.now,
            district_id,
            role,
            "",
            title,
        )
        return pk

    ctx.users["national"] = add(NATIONAL, Role.NATIONAL_STAFF, None, "BNPB")
    for district in ctx.districts:
        district["admin"] = add(f"synth.admin.{district['code']}", Role.BPBD_ADMIN, district["id"], "Kalaksa BPBD")
        district["staff"] = add(f"synth.staff.{district['code']}", Role.BPBD_STAFF, district["id"], "Staf BPBD")
        for kecamatan in district["kecamatan"]:
            kecamatan["officer"] = add(f"synth.camat.{kecamatan['code']}", Role.OFFICER, district["id"], "Kasi Trantib")
            officers_of.add(kecamatan["officer"], kecamatan["id"])
    users.close()
    officers_of.close()
