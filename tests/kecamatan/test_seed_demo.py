from django.core.management import call_command

from kecamatan.models import District, Kecamatan
from kencana.accounts.models import User


def test_seed_demo_loads_both_districts_with_their_real_kecamatan(db):
    call_command("seed_demo")
    assert Kecamatan.objects.filter(district__code="63.11").count() == 8
    assert Kecamatan.objects.filter(district__code="63.03").count() == 20
    assert Kecamatan.objects.get(code="63.03.20").name == "Cintapuri Darussalam"
    balangan, banjar = District.objects.get(code="63.11"), District.objects.get(code="63.03")
    assert banjar in balangan.partners.all() and balangan in banjar.partners.all()
    assert all(k.boundary_approximate and k.boundary_simplified for k in Kecamatan.objects.all())


def test_approximate_cells_do_not_overlap_and_hold_their_own_location(db):
    from shapely.geometry import shape

    call_command("seed_demo")
    cells = {k.code: shape(k.boundary) for k in Kecamatan.objects.filter(district__code="63.11")}
    codes = sorted(cells)
    for i, a in enumerate(codes):
        for b in codes[i + 1 :]:
            assert cells[a].intersection(cells[b]).area < 1e-9


def test_seed_demo_is_idempotent_and_keeps_imported_boundaries(db):
    call_command("seed_demo")
    paringin = Kecamatan.objects.get(code="63.11.06")
    paringin.boundary_approximate = False
    paringin.boundary = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    paringin.save()
    call_command("seed_demo")
    assert Kecamatan.objects.count() == 28 and User.objects.count() == 6
    paringin.refresh_from_db()
    assert paringin.boundary["coordinates"][0][1] == [1, 0]


def test_the_demo_accounts_have_their_roles(db):
    call_command("seed_demo")
    camat = User.objects.get(username="camat.paringin")
    assert camat.is_officer and [k.name for k in camat.kecamatan.all()] == ["Paringin"]
    assert User.objects.get(username="staff.banjar").district.code == "63.03"
    assert User.objects.get(username="admin.balangan").check_password("kencana-demo")
