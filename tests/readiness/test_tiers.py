"""Tier boundaries: a score exactly at a threshold is in that tier, a hair below is in the one under it."""

from decimal import Decimal

import pytest

from kencana.readiness.demo import THRESHOLDS
from kencana.readiness.models import TierThreshold
from kencana.readiness.tiers import tier_for

# The project's defaults (Pratama from 0, Madya from 55, Utama from 80), in the order officials type them.
SHUFFLED = [THRESHOLDS[2], THRESHOLDS[0], THRESHOLDS[1]]

BOUNDARIES = [
    ("0", "Pratama"),
    ("54.99", "Pratama"),
    ("55", "Madya"),
    ("55.00", "Madya"),
    ("79.99", "Madya"),
    ("80", "Utama"),
    ("100", "Utama"),
]


@pytest.mark.parametrize(("score", "tier"), BOUNDARIES)
def test_a_score_at_each_threshold_is_in_that_tier(score, tier):
    assert tier_for(Decimal(score), SHUFFLED) == tier


def test_no_score_or_a_score_below_every_bound_has_no_tier():
    assert tier_for(None, THRESHOLDS) == ""
    assert tier_for(Decimal("9.99"), [("Madya", Decimal(10)), ("Utama", Decimal(50))]) == ""
    assert tier_for(Decimal(50), []) == ""


@pytest.mark.parametrize(("score", "tier"), BOUNDARIES)
def test_a_versions_thresholds_place_a_score_at_each_boundary(version, score, tier):
    version.thresholds.all().delete()
    TierThreshold.objects.bulk_create(TierThreshold(version=version, name=n, lower_bound=b) for n, b in SHUFFLED)
    assert version.tier_for(Decimal(score)) == tier
