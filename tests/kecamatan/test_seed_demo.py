from django.core.management import call_command
from shapely.geometry import shape

from kecamatan.demo import BOUNDARY_SOURCE
from kecamatan.geometry import geometry_fields
from kecamatan.models import Desa, District, Kecamatan
from kencana.accounts.demo import demo_usernames
from kencana.accounts.models import User


def test_seed_demo_loads_both_districts_with_their_real_kecamatan(seeded_demo):
    assert Kecamatan.objects.filter(district__code="63.11").count() == 8
    assert Kecamatan.objects.filter(district__code="63.03").count() == 20
    assert Kecamatan.objects.get(code="63.03.20").name == "Cintapuri Darussalam"
    balangan, banjar = District.objects.get(code="63.11"), District.objects.get(code="63.03")
    assert banjar in balangan.partners.all() and balangan in banjar.partners.all()
    assert all(not k.boundary_approximate and k.boundary_simplified for k in Kecamatan.objects.all())
    assert Desa.objects.count() == 157 + 290


def test_real_kecamatan_hold_their_own_desa(seeded_demo):
    paringin = shape(Kecamatan.objects.get(code="63.11.06").boundary).buffer(1e-6)
    for desa in Desa.objects.filter(kecamatan__code="63.11.06"):
        assert paringin.contains(shape(desa.boundary)), desa.code
    lasung_batu = Desa.objects.get(code="63.11.06.2007")
    assert lasung_batu.display_name == "Desa Lasung Batu"


def test_seed_demo_is_idempotent_and_keeps_imported_boundaries(seeded_demo):
    paringin = Kecamatan.objects.get(code="63.11.06")
    paringin.boundary_source = "batas_resmi.geojson"
    paringin.boundary = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    paringin.save()
    call_command("seed_demo")
    assert Kecamatan.objects.count() == 28 and Desa.objects.count() == 447
    assert User.objects.count() == len(demo_usernames()) == 10
    paringin.refresh_from_db()
    assert paringin.boundary["coordinates"][0][1] == [1, 0]
    assert paringin.boundary_source == "batas_resmi.geojson"


def test_seed_demo_replaces_the_approximate_boundaries_of_earlier_demos(seeded_demo):
    square = shape({"type": "Polygon", "coordinates": [[[115, -2], [116, -2], [116, -3], [115, -2]]]})
    Kecamatan.objects.filter(code="63.11.06").update(
        **geometry_fields(square), boundary_approximate=True, boundary_source="Perkiraan demo"
    )
    call_command("seed_demo")
    paringin = Kecamatan.objects.get(code="63.11.06")
    assert not paringin.boundary_approximate and paringin.boundary_source == BOUNDARY_SOURCE
    assert shape(paringin.boundary).area < square.area / 10


def test_the_demo_accounts_have_their_roles(seeded_demo):
    camat = User.objects.get(username="camat.paringin")
    assert camat.is_officer and [k.name for k in camat.kecamatan.all()] == ["Paringin"]
    assert User.objects.get(username="staff.banjar").district.code == "63.03"
    assert User.objects.get(username="admin.balangan").check_password("kencana-demo")
