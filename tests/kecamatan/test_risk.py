from decimal import Decimal

import pytest

from kecamatan.models import Hazard, RiskProfile
from kecamatan.risk import risk_class, risk_index
from kecamatan.selectors import hazard_codes_of


@pytest.mark.parametrize(
    ("hazard", "vulnerability", "capacity", "expected"),
    [
        ("0", "0.9", "0.1", "0.000"),  # no hazard, no risk
        ("1", "1", "0", "1.000"),
        ("0.8", "0.6", "0.4", "0.660"),
        ("0.8", "0.6", "1", "0.000"),  # full capacity
    ],
)
def test_the_risk_index_combines_hazard_vulnerability_and_capacity(hazard, vulnerability, capacity, expected):
    index = risk_index(hazard=Decimal(hazard), vulnerability=Decimal(vulnerability), capacity=Decimal(capacity))
    assert index == Decimal(expected)


@pytest.mark.parametrize(("index", "expected"), [("0.332", "rendah"), ("0.333", "sedang"), ("0.667", "tinggi")])
def test_classes_follow_the_inarisk_thirds(index, expected):
    assert risk_class(Decimal(index)) == expected


def test_a_profile_derives_its_index_and_class_on_save(paringin):
    banjir = Hazard.objects.get(code="banjir")
    profile = RiskProfile.objects.create(
        kecamatan=paringin, hazard=banjir, hazard_index="0.9", vulnerability_index="0.7", capacity_index="0.2"
    )
    assert profile.risk_index == Decimal("0.796") and profile.risk_class == "tinggi"
    assert hazard_codes_of(kecamatan=paringin) == {"banjir"}
