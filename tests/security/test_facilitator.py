"""A desa facilitator against every URL about an object: they see one desa, so every object of the
world (each kecamatan's reports, desa, stores, alerts, plans, events…) is a 404 for them.

The facilitator is not a column of the matrix (``matrix.ROLES``): their scope is smaller than any
column's, so one walk over every scoped rule says it all. Their own desa's pages and reports are
covered in ``tests/readiness/test_units.py``.
"""

import pytest
from django.test import Client

from kecamatan.models import Desa
from kencana.accounts.models import Role

from ..factories import UserFactory
from .matrix import OFFICERS, RULES
from .test_authorization_matrix import _url

SCOPED_READS = sorted(
    name
    for name, rule in RULES.items()
    if rule.kind in ("page", "api") and rule.get and rule.scope is not None and callable(rule.kwargs or rule.query)
)


@pytest.fixture
def facilitator_client(paringin):
    desa = Desa.objects.create(code="63.11.06.2099", name="Desa Fasilitator", kecamatan=paringin, kind=Desa.Kind.DESA)
    user = UserFactory(username="fasilitator", district=paringin.district, role=Role.DESA_FACILITATOR, desa=desa)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", SCOPED_READS)
def test_a_desa_facilitator_finds_nothing_outside_their_desa(name, world, facilitator_client):
    rule = RULES[name]
    # At most what an officer may: where officers are refused the page, a 403 is as good as a 404.
    allowed = (404,) if rule.read >= OFFICERS else (403, 404)
    wrong = []
    for place in rule.scope.places:
        url = _url(name, rule, world, place)
        status = facilitator_client.get(url).status_code
        if status not in allowed:
            wrong.append(f"GET {url} [{place}] → {status}")
    assert not wrong, "\n".join(wrong)
