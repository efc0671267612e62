from decimal import Decimal

import pytest

from kencana.library.models import VersionState
from kencana.library.selectors import versions_diff
from kencana.readiness import services
from kencana.readiness.models import AnswerType, Indicator, TierThreshold
from kencana.readiness.scoring import answer_points
from kencana.readiness.spec import SPEC

from .conftest import answer, fill_and_submit, pdf


def indicator(kind, **fields):
    return Indicator(answer_type=kind, **fields)


def test_yes_earns_all_points_and_no_earns_none():
    yes_no = indicator(AnswerType.YES_NO)
    assert answer_points(yes_no, yes=True, number=None, choice="") == 1
    assert answer_points(yes_no, yes=False, number=None, choice="") == 0
    assert answer_points(yes_no, yes=None, number=None, choice="") is None


def test_a_scale_scores_its_level_over_the_top_level():
    scale = indicator(
        AnswerType.SCALE,
        choices=[{"label": "a", "points": 0}, {"label": "b", "points": 1}, {"label": "c", "points": 4}],
    )
    assert answer_points(scale, yes=None, number=None, choice="b") == Decimal("0.25")
    assert answer_points(scale, yes=None, number=None, choice="c") == 1
    assert answer_points(scale, yes=None, number=None, choice="unknown") is None


def test_a_number_scores_against_its_target_and_is_capped_at_full_points():
    number = indicator(AnswerType.NUMBER, target=Decimal(8))
    assert answer_points(number, yes=None, number=Decimal(2), choice="") == Decimal("0.25")
    assert answer_points(number, yes=None, number=Decimal(20), choice="") == 1
    assert answer_points(number, yes=None, number=Decimal(0), choice="") == 0


def test_the_report_score_is_weighted_over_applicable_indicators_with_section_scores(report, officer):
    # Y1 yes (weight 2), S1 half (1 of 2 points), N1 5/10, C1 1/4; L1 is not asked of Paringin.
    answer(report, officer, {"Y1": "yes", "S1": "Draf", "N1": "5", "C1": "Setahun sekali"})
    report.refresh_from_db()
    # (2×1 + 1×0.5 + 1×0.5 + 1×0.25) / 5 = 0.65
    assert report.score == Decimal("65.00")
    assert report.tier == "Madya"
    sections = {s["title"]: Decimal(s["score"]) for s in report.section_scores}
    assert sections == {"Kebijakan": Decimal("83.33"), "Tanggap darurat": Decimal("37.50")}


def test_unanswered_indicators_count_as_zero(report, officer):
    answer(report, officer, {"Y1": "yes"})
    report.refresh_from_db()
    assert report.score == Decimal("40.00")  # 2 of 5 weight
    assert report.tier == "Pratama"


def test_a_full_report_scores_100_and_reaches_the_top_tier(report, officer):
    submitted = fill_and_submit(report, officer)
    assert submitted.score == Decimal("100.00")
    assert submitted.tier == "Utama"


def test_a_report_keeps_the_thresholds_of_its_version_after_a_new_version_changes_them(
    report, officer, staff, admin_user, version, paringin, assignment, current_start
):
    answer(report, officer, {"Y1": "yes", "S1": "Draf", "N1": "5", "C1": "Setahun sekali"})  # 65
    report.refresh_from_db()
    services.evidence_add(report=report, indicator=version.indicators.get(code="Y1"), by=officer, upload=pdf())
    services.report_submit(report=report, by=officer)
    services.report_verify(report=report, by=staff)

    draft = services.version_edit(template=version.template, by=admin_user)
    services.thresholds_set(version=draft, by=admin_user, thresholds=[("Pratama", Decimal(0)), ("Madya", Decimal(70))])
    services.version_publish(version=draft, by=admin_user)

    report.refresh_from_db()
    version.refresh_from_db()
    assert version.state == VersionState.RETIRED
    assert report.version_id == version.pk
    assert report.tier == "Madya"
    assert version.tier_for(report.score) == "Madya"
    assert draft.tier_for(report.score) == "Pratama"
    assert list(TierThreshold.objects.filter(version=version).values_list("name", flat=True)) == [
        "Pratama",
        "Madya",
        "Utama",
    ]


def test_a_published_version_cannot_be_edited(version, admin_user):
    with pytest.raises(
        services.ValidationError, match="A published version cannot change: start a new draft to edit it"
    ):
        services.thresholds_set(version=version, by=admin_user, thresholds=[("A", Decimal(0))])
    with pytest.raises(
        services.ValidationError, match="A published version cannot change: start a new draft to edit it"
    ):
        services.section_save(version=version, by=admin_user, title="Baru")


def test_editing_makes_a_new_draft_that_copies_the_content(version, admin_user):
    draft = services.version_edit(template=version.template, by=admin_user)
    assert draft.number == 2 and draft.state == VersionState.DRAFT
    assert versions_diff(spec=SPEC, old=version, new=draft).is_empty
    assert draft.indicators.get(code="L1").hazards.get().code == "tanah-longsor"
    assert services.version_edit(template=version.template, by=admin_user) == draft  # one draft at a time


def test_thresholds_must_start_at_zero_and_differ(version, admin_user):
    draft = services.version_edit(template=version.template, by=admin_user)
    for bad, reason in (
        ([("A", Decimal(10))], "The lowest tier must start at 0"),
        ([("A", Decimal(0)), ("A", Decimal(50))], "Tier names must differ"),
        ([("A", Decimal(0)), ("B", Decimal(0))], "Two tiers cannot start at the same score"),
        ([("A", Decimal(0)), ("B", Decimal(120))], "Scores run from 0 to 100"),
    ):
        with pytest.raises(services.ValidationError, match=reason):
            services.thresholds_set(version=draft, by=admin_user, thresholds=bad)
    assert draft.thresholds.count() == 3


def test_publishing_needs_indicators_and_thresholds(balangan, admin_user):
    template = services.template_create(district=balangan, name="Kosong", by=admin_user)
    with pytest.raises(services.ValidationError, match="Add at least one indicator") as error:
        services.version_publish(version=template.draft_version(), by=admin_user)
    assert "Add at least one indicator." in error.value.messages
    assert template.draft_version().state == VersionState.DRAFT
