"""A desa facilitator and a school focal person against every URL about an object: one sees one
desa, the other one school, so every object of the world (each kecamatan's reports, desa, schools,
stores, alerts, plans, events…) is a 404 for them.

Neither is a column of the matrix (``matrix.ROLES``): their scope is smaller than any column's, so
one walk over every scoped rule says it all. Their own desa's and school's pages and reports are
covered in ``tests/readiness/test_units.py`` and ``tests/readiness/test_schools.py``.
"""

import pytest
from django.test import Client

from kecamatan.models import Desa
from kencana.accounts.models import Role

from ..factories import SchoolFactory, UserFactory
from .matrix import OFFICERS, RULES
from .test_authorization_matrix import _url

SCOPED_READS = sorted(
    name
    for name, rule in RULES.items()
    if rule.kind in ("page", "api") and rule.get and rule.scope is not None and callable(rule.kwargs or rule.query)
)


@pytest.fixture(params=[Role.DESA_FACILITATOR, Role.SCHOOL_FOCAL])
def unit_client(request, paringin):
    """A desa facilitator of a desa of their own, or the focal person of a school of its own."""
    desa = Desa.objects.create(code="63.11.06.2099", name="Desa Fasilitator", kecamatan=paringin, kind=Desa.Kind.DESA)
    if request.param == Role.DESA_FACILITATOR:
        user = UserFactory(username="fasilitator", district=paringin.district, role=request.param, desa=desa)
    else:
        school = SchoolFactory(desa=desa, npsn="99119998", name="SD Koordinator")
        user = UserFactory(username="koordinator", district=paringin.district, role=request.param, school=school)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", SCOPED_READS)
def test_a_desa_facilitator_or_school_focal_person_finds_nothing_outside_their_unit(name, world, unit_client):
    rule = RULES[name]
    # At most what an officer may: where officers are refused the page, a 403 is as good as a 404.
    allowed = (404,) if rule.read >= OFFICERS else (403, 404)
    wrong = []
    for place in rule.scope.places:
        url = _url(name, rule, world, place)
        status = unit_client.get(url).status_code
        if status not in allowed:
            wrong.append(f"GET {url} [{place}] → {status}")
    assert not wrong, "\n".join(wrong)
