"""Desa and schools assessed by the same engine, Katana counts, and kecamatan answers computed from them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kencana.accounts.scope import desa_for
from kencana.library.models import VersionState
from kencana.readiness import services
from kencana.readiness.destana import DESTANA_NAME, INDEX_NAME, village_templates_import
from kencana.readiness.models import Computed, Indicator, Report, ReportState, Section, UnitKind
from kencana.readiness.selectors import report_list
from kencana.readiness.units import katana_record

from ..factories import DesaFactory, SchoolFactory
from .conftest import fill_and_submit
from .factories import make_assignment, make_version


def publish(template):
    template.versions.update(state=VersionState.PUBLISHED)
    return template.versions.get()


@pytest.fixture
def destana(balangan):
    return publish(village_templates_import(district=balangan, by=None)[0])


@pytest.fixture
def destana_assignment(destana, paringin, awayan):
    return make_assignment(destana, [paringin, awayan])


@pytest.fixture
def computed_version(balangan):
    """The readiness test template plus one indicator computed from the desa beneath."""
    version = make_version(balangan, name="Instrumen Kencana")
    section = Section.objects.create(version=version, title="Desa", position=3)
    Indicator.objects.create(
        version=version,
        section=section,
        code="DS1",
        text_id="Desa Destana Madya ke atas",
        answer_type="number",
        target=Decimal(100),
        unit="%",
        computed=Computed.DESTANA_MADYA_SHARE,
        position=1,
    )
    return version


def desa_report(assignment, desa, by, start):
    return services.report_open(assignment=assignment, kecamatan=desa.kecamatan, period_start=start, by=by, desa=desa)


def answer_all(report, by, yes_count: int):
    """Answer the 60 Destana questions: the first ``yes_count`` yes, the rest no."""
    indicators = list(report.version.indicators.order_by("code"))
    entries = [
        services.AnswerInput(indicator=indicator, value="yes" if n < yes_count else "no")
        for n, indicator in enumerate(indicators)
    ]
    services.answers_save(report=report, by=by, entries=entries)


def test_the_destana_questionnaire_imports_as_a_desa_template_with_60_yes_no_questions(balangan):
    destana, index = village_templates_import(district=balangan, by=None)
    version = destana.versions.get()
    assert destana.name == DESTANA_NAME and destana.unit_kind == UnitKind.DESA
    assert version.indicators.count() == 60
    assert set(version.indicators.values_list("answer_type", flat=True)) == {"yes_no"}
    assert version.sections.count() == 20
    assert [(t.name, t.lower_bound) for t in version.thresholds.order_by("lower_bound")] == [
        ("Belum Pratama", Decimal(0)),
        ("Pratama", Decimal("33.33")),
        ("Madya", Decimal(60)),
        ("Utama", Decimal(85)),
    ]
    assert index.name == INDEX_NAME and index.unit_kind == UnitKind.DESA
    assert index.versions.get().indicators.count() == 5


@pytest.mark.parametrize(
    ("yes_count", "tier"),
    [(19, "Belum Pratama"), (20, "Pratama"), (35, "Pratama"), (36, "Madya"), (50, "Madya"), (51, "Utama")],
)
def test_destana_tiers_follow_the_60_point_scale(
    destana_assignment, lasung_batu, officer, current_start, yes_count, tier
):
    report = desa_report(destana_assignment, lasung_batu, officer, current_start)
    answer_all(report, officer, yes_count)
    report.refresh_from_db()
    assert report.tier == tier


def test_a_desa_template_needs_a_desa_of_the_kecamatan(destana_assignment, paringin, awayan, officer, current_start):
    with pytest.raises(ValidationError, match="assesses a desa of the kecamatan"):
        services.report_open(assignment=destana_assignment, kecamatan=paringin, period_start=current_start, by=officer)
    elsewhere = DesaFactory(kecamatan=awayan, code="63.11.03.2001")
    with pytest.raises(ValidationError, match="assesses a desa of the kecamatan"):
        services.report_open(
            assignment=destana_assignment, kecamatan=paringin, period_start=current_start, by=officer, desa=elsewhere
        )


def test_a_kecamatan_template_refuses_a_desa(assignment, paringin, lasung_batu, officer, current_start):
    with pytest.raises(ValidationError, match="assesses the kecamatan itself"):
        services.report_open(
            assignment=assignment, kecamatan=paringin, period_start=current_start, by=officer, desa=lasung_batu
        )


def test_each_desa_has_its_own_report_per_period(destana_assignment, lasung_batu, balang, officer, current_start):
    first = desa_report(destana_assignment, lasung_batu, officer, current_start)
    second = desa_report(destana_assignment, balang, officer, current_start)
    assert first.pk != second.pk
    assert desa_report(destana_assignment, lasung_batu, officer, current_start).pk == first.pk
    # PostgreSQL names the constraint; SQLite names its columns.
    same_desa = (
        r"readiness_one_desa_report_per_period|UNIQUE .*readiness_report\.assignment_id, readiness_report\.desa_id"
    )
    with pytest.raises(IntegrityError, match=same_desa):
        Report.objects.create(
            assignment=first.assignment,
            version=first.version,
            kecamatan=first.kecamatan,
            desa=lasung_batu,
            period_type=first.period_type,
            period_start=first.period_start,
            period_end=first.period_end,
            due_on=first.due_on,
            closes_on=first.closes_on,
        )


def test_a_facilitator_files_their_own_desa_and_no_other(
    destana_assignment, lasung_batu, balang, facilitator, current_start
):
    report = desa_report(destana_assignment, lasung_batu, facilitator, current_start)
    answer_all(report, facilitator, 60)
    services.report_submit(report=report, by=facilitator)
    with pytest.raises(PermissionDenied, match="Only an officer"):
        desa_report(destana_assignment, balang, facilitator, current_start)


def test_a_facilitator_sees_only_their_desa_and_its_reports(
    destana_assignment, lasung_batu, balang, facilitator, officer, current_start
):
    own = desa_report(destana_assignment, lasung_batu, officer, current_start)
    desa_report(destana_assignment, balang, officer, current_start)
    assert list(desa_for(facilitator)) == [lasung_batu]
    assert list(report_list(user=facilitator)) == [own]


def test_a_facilitator_gets_404_for_every_other_desa_and_every_kecamatan(
    client_for, facilitator, lasung_batu, balang, paringin, awayan, destana_assignment, officer, current_start
):
    others = [balang, DesaFactory(kecamatan=awayan, code="63.11.03.2001")]
    other_report = desa_report(destana_assignment, balang, officer, current_start)
    client = client_for(facilitator)
    assert client.get(reverse("kecamatan:desa", args=[lasung_batu.code])).status_code == 200
    for desa in others:
        assert client.get(reverse("kecamatan:desa", args=[desa.code])).status_code == 404
        opened = client.post(
            reverse("readiness:report_open"),
            {"assignment": destana_assignment.pk, "desa": desa.code, "period": current_start.isoformat()},
        )
        assert opened.status_code == 404
    assert client.get(reverse("readiness:report_detail", args=[other_report.pk])).status_code == 404
    assert client.get(reverse("kecamatan:detail", args=[paringin.code])).status_code == 404
    assert "data-desa-tier" in client.get(reverse("home")).content.decode()  # their desa is their home


def test_the_computed_answer_follows_a_verified_desa_assessment(
    computed_version, destana_assignment, paringin, lasung_batu, balang, officer, staff, current_start
):
    kencana_assignment = make_assignment(computed_version, [paringin])
    kencana = services.report_open(
        assignment=kencana_assignment, kecamatan=paringin, period_start=current_start, by=officer
    )
    computed = kencana.answers.get(indicator__code="DS1")
    assert computed.number == Decimal(0)
    assert computed.source_figures["numerator"] == 0 and computed.source_figures["denominator"] == 2

    desa = desa_report(destana_assignment, lasung_batu, officer, current_start)
    answer_all(desa, officer, 40)  # Madya
    services.report_submit(report=desa, by=officer)
    services.report_verify(report=desa, by=staff)

    computed.refresh_from_db()
    kencana.refresh_from_db()
    assert computed.number == Decimal(50)
    assert computed.source_figures["numerator"] == 1
    assert computed.source_figures["sources"][0]["unit"] == "Lasung Batu"
    assert computed.source_figures["sources"][0]["tier"] == "Madya"
    assert "1 of 2 desa at Destana Madya or above" in computed.provenance
    assert kencana.score is not None


def test_a_submitted_kecamatan_report_keeps_the_figures_it_was_sent_with(
    computed_version, destana_assignment, paringin, lasung_batu, officer, staff, current_start
):
    kencana = services.report_open(
        assignment=make_assignment(computed_version, [paringin]),
        kecamatan=paringin,
        period_start=current_start,
        by=officer,
    )
    fill_and_submit(kencana, officer)
    desa = desa_report(destana_assignment, lasung_batu, officer, current_start)
    answer_all(desa, officer, 60)
    services.report_submit(report=desa, by=officer)
    services.report_verify(report=desa, by=staff)
    assert kencana.answers.get(indicator__code="DS1").number == Decimal(0)
    assert Report.objects.get(pk=kencana.pk).state == ReportState.SUBMITTED


def test_the_officer_cannot_overwrite_a_computed_answer(computed_version, paringin, officer, current_start):
    kencana = services.report_open(
        assignment=make_assignment(computed_version, [paringin]),
        kecamatan=paringin,
        period_start=current_start,
        by=officer,
    )
    indicator = kencana.version.indicators.get(code="DS1")
    with pytest.raises(ValidationError, match="DS1 is computed from the desa and schools"):
        services.answers_save(
            report=kencana, by=officer, entries=[services.AnswerInput(indicator=indicator, value="100")]
        )
    assert kencana.answers.get(indicator=indicator).number is None  # no desa recorded: no share to compute


def test_a_computed_indicator_does_not_block_submission(computed_version, paringin, officer, current_start):
    kencana = services.report_open(
        assignment=make_assignment(computed_version, [paringin]),
        kecamatan=paringin,
        period_start=current_start,
        by=officer,
    )
    fill_and_submit(kencana, officer)
    assert Report.objects.get(pk=kencana.pk).state == ReportState.SUBMITTED


def test_katana_households_per_1000_take_each_desas_latest_count(
    balangan, paringin, lasung_batu, balang, officer, current_start
):
    version = make_version(balangan, name="Instrumen Katana")
    indicator = version.indicators.get(code="N1")
    indicator.computed, indicator.target = Computed.KATANA_PER_1000, Decimal(100)
    indicator.save()
    kencana = services.report_open(
        assignment=make_assignment(version, [paringin]), kecamatan=paringin, period_start=current_start, by=officer
    )
    katana_record(desa=lasung_batu, counted_on=datetime.date(2026, 1, 5), households=100, by=officer)
    katana_record(desa=lasung_batu, counted_on=datetime.date(2026, 6, 5), households=300, by=officer)
    katana_record(desa=balang, counted_on=datetime.date(2026, 3, 1), households=200, by=officer)
    computed = kencana.answers.get(indicator=indicator)
    assert paringin.population == 10_000
    assert computed.number == Decimal(50)  # (300 + 200) per 10,000 people
    assert computed.source_figures["numerator"] == 500


def test_katana_counts_are_refused_outside_the_users_desa(facilitator, balang):
    with pytest.raises(PermissionDenied, match="record its Katana count"):
        katana_record(desa=balang, counted_on=datetime.date(2026, 1, 5), households=10, by=facilitator)


def test_a_katana_count_cannot_be_dated_in_the_future(officer, lasung_batu):
    with pytest.raises(ValidationError, match="cannot be dated in the future"):
        katana_record(desa=lasung_batu, counted_on=datetime.date(2999, 1, 1), households=10, by=officer)


def test_the_spab_share_counts_schools_with_a_verified_assessment(
    balangan, paringin, lasung_batu, officer, staff, current_start
):
    schools = [SchoolFactory(desa=lasung_batu), SchoolFactory(desa=lasung_batu)]
    spab = make_version(balangan, name="SPAB")
    spab.template.unit_kind = UnitKind.SCHOOL
    spab.template.save()
    kencana_version = make_version(balangan, name="Instrumen Kencana")
    indicator = kencana_version.indicators.get(code="N1")
    indicator.computed, indicator.target = Computed.SPAB_VERIFIED_SHARE, Decimal(100)
    indicator.save()
    kencana = services.report_open(
        assignment=make_assignment(kencana_version, [paringin]),
        kecamatan=paringin,
        period_start=current_start,
        by=officer,
    )
    school_report = services.report_open(
        assignment=make_assignment(spab, [paringin]),
        kecamatan=paringin,
        period_start=current_start,
        by=officer,
        school=schools[0],
    )
    fill_and_submit(school_report, officer)
    services.report_verify(report=school_report, by=staff)
    assert kencana.answers.get(indicator=indicator).number == Decimal(50)


def test_the_kecamatan_page_lists_its_desa_with_their_tiers(
    client_for, staff, destana_assignment, lasung_batu, balang, paringin, officer, current_start
):
    desa = desa_report(destana_assignment, lasung_batu, officer, current_start)
    answer_all(desa, officer, 55)
    services.report_submit(report=desa, by=officer)
    services.report_verify(report=desa, by=staff)
    page = client_for(staff).get(reverse("kecamatan:detail", args=[paringin.code])).content.decode()
    assert 'data-desa="63.11.06.2007"' in page and "Utama" in page
    assert 'data-desa="63.11.06.2005"' in page


def test_the_kecamatan_page_reads_the_same_number_of_queries_whatever_it_holds(
    client_for, staff, paringin, lasung_batu, balang
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kencana.plans.models import ActionItem, ActionPlan

    url = reverse("kecamatan:detail", args=[paringin.code])
    client = client_for(staff)

    def queries() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    plan = ActionPlan.objects.create(district=paringin.district, kecamatan=paringin, title="Rencana aksi")

    def add(n: int) -> None:
        DesaFactory(kecamatan=paringin, code=f"63.11.06.3{n:03d}", name=f"Desa {n}")
        SchoolFactory(desa=lasung_batu, npsn=f"6990{n:04d}", name=f"SD {n}")
        ActionItem.objects.create(plan=plan, title=f"Kegiatan {n}", due_date=datetime.date(2026, 1, 1 + n))

    add(0)
    few = queries()
    for n in range(1, 6):
        add(n)
    many = queries()
    assert few == many <= 15


def test_the_readiness_page_asks_the_same_queries_for_two_open_drafts_as_for_four(
    client_for, destana_assignment, officer, paringin, current_start
):
    """Each open draft's button asks whether its reader may still change it: that answer must not
    cost a query per draft."""
    desa = list(DesaFactory.create_batch(4, kecamatan=paringin))
    client = client_for(officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(reverse("readiness:index")).status_code == 200
        return len(seen)

    for one in desa[:2]:
        desa_report(destana_assignment, one, officer, current_start)
    queries()  # the session and the user, read once
    two = queries()
    for one in desa[2:]:
        desa_report(destana_assignment, one, officer, current_start)
    assert queries() == two
