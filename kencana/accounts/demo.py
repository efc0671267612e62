"""Demo accounts, one per role. The password is for the demo only."""

from kecamatan.models import Desa, District, Kecamatan, Province, School

from .models import PROVINCE_ROLES, Role, User

DEMO_PASSWORD = "kencana-demo"  # noqa: S105 - published demo password, demo data only

# username, district (a province's code for BPBD Provinsi, none for BNPB), role, kecamatan codes,
# first name, last name, job title
DEMO_USERS = [
    ("admin.balangan", "63.11", Role.BPBD_ADMIN, [], "Rahmi", "", "Kepala Pelaksana BPBD Balangan"),
    ("staff.balangan", "63.11", Role.BPBD_STAFF, [], "Budi", "Santoso", "Kabid Pencegahan dan Kesiapsiagaan"),
    ("camat.paringin", "63.11", Role.OFFICER, ["63.11.06"], "Siti", "Aminah", "Kasi Trantib Kecamatan Paringin"),
    ("camat.awayan", "63.11", Role.OFFICER, ["63.11.03"], "Ahmad", "Fauzi", "Kasi Trantib Kecamatan Awayan"),
    ("fasilitator.balang", "63.11", Role.DESA_FACILITATOR, [], "Rina", "Marlina", "Fasilitator Destana Desa Balang"),
    ("spab.balang", "63.11", Role.SCHOOL_FOCAL, [], "Dewi", "Lestari", "Koordinator SPAB SD Negeri Balang"),
    ("admin.banjar", "63.03", Role.BPBD_ADMIN, [], "Nurul", "Hidayah", "Kepala Pelaksana BPBD Banjar"),
    ("staff.banjar", "63.03", Role.BPBD_STAFF, [], "Azhar", "Alamsyah", "Sekretaris BPBD Banjar"),
    ("prov.kalsel", "63", Role.PROVINCE_STAFF, [], "Fitri", "Handayani", "Kabid Kedaruratan BPBD Provinsi Kalsel"),
    ("bnpb.pusat", "", Role.NATIONAL_STAFF, [], "Hendra", "Wijaya", "Direktorat Kesiapsiagaan BNPB"),
]


# A desa facilitator works for one desa (Balang, Paringin).
FACILITATOR_DESA = {"fasilitator.balang": "63.11.06.2005"}
# A school focal person works for one school (SD Negeri Balang): the account waits for the school
# registry (``kencana.readiness.demo_units`` seeds the schools, then calls ``seed_users`` again).
FOCAL_SCHOOL = {"spab.balang": "99110603"}


def demo_usernames() -> list[str]:
    return [row[0] for row in DEMO_USERS]


def seed_users() -> list[User]:
    users = []
    for username, area_code, role, kecamatan_codes, first, last, title in DEMO_USERS:
        in_province = role in PROVINCE_ROLES
        school = School.objects.filter(npsn=FOCAL_SCHOOL.get(username, "")).first()
        if role == Role.SCHOOL_FOCAL and school is None:
            continue
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "district": District.objects.get(code=area_code) if area_code and not in_province else None,
                "province": Province.objects.get(code=area_code) if in_province else None,
                "role": role,
                "first_name": first,
                "last_name": last,
                "job_title": title,
                "email": f"{username}@demo.kencana.local",
                "desa": Desa.objects.filter(code=FACILITATOR_DESA.get(username, "")).first(),
                "school": school,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.kecamatan.set(Kecamatan.objects.filter(code__in=kecamatan_codes))
        users.append(user)
    return users
