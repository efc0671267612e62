"""The standing cast, made by name: two partner districts like the demo's, three of their kecamatan
and their people. The fixtures of tests/conftest.py make them one by one for a test; the world of
the authorization matrix (tests/security/world.py) makes them all at once for a module."""

from kencana.accounts.models import Role

from .factories import DistrictFactory, KecamatanFactory, UserFactory


def balangan():
    return DistrictFactory(code="63.11", name="Balangan")


def banjar(balangan):
    district = DistrictFactory(code="63.03", name="Banjar")
    balangan.partners.add(district)
    district.partners.add(balangan)
    return district


def paringin(balangan):
    return KecamatanFactory(district=balangan, code="63.11.06", name="Paringin")


def awayan(balangan):
    return KecamatanFactory(district=balangan, code="63.11.03", name="Awayan")


def aluh_aluh(banjar):
    return KecamatanFactory(district=banjar, code="63.03.01", name="Aluh Aluh")


def admin_user(balangan):
    return UserFactory(username="admin.balangan", district=balangan, role=Role.BPBD_ADMIN)


def staff(balangan):
    return UserFactory(username="staff.balangan", district=balangan, role=Role.BPBD_STAFF)


def officer(paringin):
    return UserFactory(username="camat.paringin", district=paringin.district, role=Role.OFFICER, kecamatan=[paringin])


def awayan_officer(awayan):
    return UserFactory(username="camat.awayan", district=awayan.district, role=Role.OFFICER, kecamatan=[awayan])


def everyone() -> dict:
    """The whole cast, by the names of the conftest fixtures."""
    cast = {"balangan": balangan()}
    cast["banjar"] = banjar(cast["balangan"])
    cast["paringin"], cast["awayan"] = paringin(cast["balangan"]), awayan(cast["balangan"])
    cast["aluh_aluh"] = aluh_aluh(cast["banjar"])
    cast["admin_user"], cast["staff"] = admin_user(cast["balangan"]), staff(cast["balangan"])
    cast["officer"], cast["awayan_officer"] = officer(cast["paringin"]), awayan_officer(cast["awayan"])
    return cast
