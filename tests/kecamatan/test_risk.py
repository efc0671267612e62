from decimal import Decimal

import pytest
from django.utils import translation

from kecamatan.models import Hazard, RiskProfile, RiskSettings
from kecamatan.risk import matrix_cell, parse_season, risk_class, risk_index, season_runs
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


@pytest.mark.parametrize(
    ("index", "expected"), [("0.399", "rendah"), ("0.4", "sedang"), ("0.799", "sedang"), ("0.8", "tinggi")]
)
def test_classes_follow_other_cut_offs_when_given(index, expected):
    assert risk_class(Decimal(index), (Decimal("0.4"), Decimal("0.8"))) == expected


def test_a_profile_uses_its_districts_cut_offs(paringin):
    RiskSettings.objects.create(district=paringin.district, low_upper=Decimal("0.4"), medium_upper=Decimal("0.8"))
    profile = RiskProfile.objects.create(
        kecamatan=paringin,
        hazard=Hazard.objects.get(code="banjir"),
        hazard_index="0.9",
        vulnerability_index="0.7",
        capacity_index="0.2",
    )
    assert profile.risk_index == Decimal("0.796") and profile.risk_class == "sedang"


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("5-10", [5, 6, 7, 8, 9, 10]),
        ("11-12,1-3", [11, 12, 1, 2, 3]),
        ("11-3", [11, 12, 1, 2, 3]),
        ("7", [7]),
        ("1-2, 2-3", [1, 2, 3]),
        ("", []),
    ],
)
def test_seasons_are_read_from_month_ranges_and_lists(text, months):
    assert parse_season(text) == months


@pytest.mark.parametrize("text", ["0-3", "5-13", "Mei-Okt", "5--10", "5-10-12"])
def test_a_season_that_is_not_months_is_refused(text):
    with pytest.raises(ValueError, match="month"):
        parse_season(text)


def test_a_season_is_shown_as_runs_of_month_names(paringin):
    profile = RiskProfile(kecamatan=paringin, season_months=[11, 12, 1, 2, 3, 7])
    with translation.override("id"):
        assert profile.season_label == "Jul, Nov–Mar"
    assert season_runs([11, 12, 1, 2, 3]) == [(11, 3)]
    assert season_runs(list(range(1, 13))) == [(1, 12)]


@pytest.mark.parametrize(
    ("hazard", "vulnerability", "capacity", "cell"),
    [("0.9", "0.9", "0.1", (2, 2)), ("0.1", "0.9", "0.1", (0, 2)), ("0.5", "0.2", "0.8", (1, 0))],
)
def test_the_matrix_places_a_profile_by_hazard_and_net_vulnerability(hazard, vulnerability, capacity, cell):
    position = matrix_cell(hazard=Decimal(hazard), vulnerability=Decimal(vulnerability), capacity=Decimal(capacity))
    assert position == cell
