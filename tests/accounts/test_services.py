"""Account changes that touch the desa facilitator role."""

import pytest
from django.core.exceptions import ValidationError

from kencana.accounts import services
from kencana.accounts.models import Role


def test_a_facilitator_cannot_be_created_without_their_desa(admin_user):
    with pytest.raises(ValidationError, match="menyebut desanya"):
        services.user_create(
            by=admin_user, username="fasilitator.baru", password="x-Y-z-12345678", role=Role.DESA_FACILITATOR
        )


def test_an_officer_cannot_become_a_facilitator_without_a_desa(admin_user, awayan_officer, awayan):
    with pytest.raises(ValidationError, match="menyebut desanya"):
        services.user_update(by=admin_user, user=awayan_officer, role=Role.DESA_FACILITATOR, kecamatan=[awayan])


def test_a_facilitator_edited_keeps_their_desa_and_loses_it_with_the_role(
    admin_user, facilitator, lasung_batu, paringin
):
    kept = services.user_update(by=admin_user, user=facilitator, role=Role.DESA_FACILITATOR, first_name="Rina")
    assert kept.desa == lasung_batu and kept.first_name == "Rina"
    officer = services.user_update(by=admin_user, user=facilitator, role=Role.OFFICER, kecamatan=[paringin])
    assert officer.desa is None and list(officer.kecamatan.all()) == [paringin]
