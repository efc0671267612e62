"""Schools: the registry kept in the app, the school focal person filing their school's SPAB
assessment (and nothing else), and completeness of desa and school assessments per kecamatan."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kecamatan.models import School
from kecamatan.services import school_save
from kencana.accounts.scope import desa_for, kecamatan_for, schools_for
from kencana.readiness import services
from kencana.readiness.models import Computed, Report, ReportState, UnitKind
from kencana.readiness.selectors import completeness, open_periods, report_list, unit_completeness

from ..factories import DesaFactory, SchoolFactory, rows_unchanged
from .conftest import fill_and_submit
from .factories import make_assignment, make_version


@pytest.fixture
def spab_assignment(balangan, paringin, awayan):
    version = make_version(balangan, name="SPAB")
    version.template.unit_kind = UnitKind.SCHOOL
    version.template.save()
    return make_assignment(version, [paringin, awayan])


@pytest.fixture
def other_school(lasung_batu):
    return SchoolFactory(desa=lasung_batu, npsn="99110601", name="SD Negeri Lasung Batu")


def school_report(assignment, school, by, start):
    return services.report_open(
        assignment=assignment, kecamatan=school.desa.kecamatan, period_start=start, by=by, school=school
    )


# --- The school focal person ----------------------------------------------------------


def test_a_focal_person_sees_their_school_only(focal, sd_balang, other_school, spab_assignment, officer, current_start):
    own = school_report(spab_assignment, sd_balang, officer, current_start)
    school_report(spab_assignment, other_school, officer, current_start)
    assert list(schools_for(focal)) == [sd_balang]
    assert not desa_for(focal).exists() and not kecamatan_for(focal).exists()
    assert list(report_list(user=focal)) == [own]


def test_a_focal_person_files_their_school_and_no_other(
    focal, sd_balang, other_school, spab_assignment, staff, current_start
):
    report = school_report(spab_assignment, sd_balang, focal, current_start)
    fill_and_submit(report, focal)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.submitted_by == focal
    services.report_verify(report=report, by=staff)  # verified by BPBD as any report
    with rows_unchanged([Report]), pytest.raises(PermissionDenied, match="Only an officer"):
        school_report(spab_assignment, other_school, focal, current_start)
    with pytest.raises(PermissionDenied, match="Only BPBD staff of the district review reports"):
        services.report_verify(report=report, by=focal)


def test_a_focal_person_opens_only_school_periods_of_their_school(
    focal, sd_balang, other_school, spab_assignment, assignment, current_start
):
    periods = open_periods(user=focal)
    assert periods and {(p.school, p.assignment) for p in periods} == {(sd_balang, spab_assignment)}


def test_a_focal_person_gets_404_for_every_other_school_desa_and_kecamatan(
    client_for, focal, sd_balang, other_school, balang, paringin, spab_assignment, officer, current_start
):
    other_report = school_report(spab_assignment, other_school, officer, current_start)
    client = client_for(focal)
    home = client.get(reverse("home")).content.decode()
    assert "data-school-tier" in home and "SD Negeri Balang" in home  # their school is their home
    assert client.get(reverse("kecamatan:school", args=[sd_balang.npsn])).status_code == 200
    assert client.get(reverse("kecamatan:school", args=[other_school.npsn])).status_code == 404
    assert client.get(reverse("kecamatan:desa", args=[balang.code])).status_code == 404
    assert client.get(reverse("kecamatan:detail", args=[paringin.code])).status_code == 404
    assert client.get(reverse("readiness:report_detail", args=[other_report.pk])).status_code == 404
    with rows_unchanged([Report]):
        opened = client.post(
            reverse("readiness:report_open"),
            {"assignment": spab_assignment.pk, "school": other_school.npsn, "period": current_start.isoformat()},
        )
    assert opened.status_code == 404
    assert client.get(reverse("kecamatan:school_edit", args=[sd_balang.npsn])).status_code == 403


def test_the_school_page_starts_the_focal_persons_assessment(
    client_for, focal, sd_balang, spab_assignment, current_start
):
    client = client_for(focal)
    page = client.get(reverse("kecamatan:school", args=[sd_balang.npsn])).content.decode()
    assert f'name="school" value="{sd_balang.npsn}"' in page
    opened = client.post(
        reverse("readiness:report_open"),
        {"assignment": spab_assignment.pk, "school": sd_balang.npsn, "period": current_start.isoformat()},
    )
    report = Report.objects.get(school=sd_balang)
    assert opened.status_code == 302 and opened.url == reverse("readiness:report_detail", args=[report.pk])
    assert client.get(opened.url).status_code == 200


# --- The school registry ---------------------------------------------------------------


def test_an_officer_adds_a_school_to_a_desa_of_their_kecamatan(officer, balang):
    school = school_save(
        by=officer, desa=balang, name="SMP Negeri 2 Paringin", npsn="30300123", level="smp", pupils=210
    )
    assert school.active and school.desa == balang
    assert school.history.get().history_user is None or school.history.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"npsn": "3030012"}, "npsn", "exactly 8 digits"),
        ({"npsn": "3030012a"}, "npsn", "exactly 8 digits"),
        ({"npsn": "99110603"}, "npsn", "already has NPSN 99110603"),
        ({"name": "  "}, "name", "school.s name"),
        ({"latitude": -2.3}, "latitude", "both the latitude and the longitude"),
        ({"latitude": 40.0, "longitude": 115.4}, "latitude", "not in Indonesia"),
        ({"latitude": -2.3, "longitude": 15.4}, "longitude", "not in Indonesia"),
        ({"pupils": 50_000}, "pupils", "number of pupils"),
        ({"level": "kampus"}, "level", "school.s level"),
    ],
)
def test_a_wrong_school_is_refused_with_its_reason_and_nothing_saved(
    officer, balang, sd_balang, changes, field, message
):
    data = {"name": "SMP Negeri 2 Paringin", "npsn": "30300123", "level": "smp", "pupils": 210, **changes}
    with rows_unchanged([School]), pytest.raises(ValidationError, match=message) as error:
        school_save(by=officer, desa=balang, **data)
    assert field in error.value.message_dict


def test_schools_are_kept_only_by_district_staff_and_the_kecamatans_officer(
    awayan_officer, facilitator, focal, balang, sd_balang
):
    for user in (awayan_officer, facilitator, focal):
        with rows_unchanged([School]), pytest.raises(PermissionDenied, match="kecamatan.s officer keep its schools"):
            school_save(by=user, desa=balang, school=sd_balang, name="Diganti", npsn=sd_balang.npsn, level="sd")


def test_a_school_moves_only_within_the_keepers_reach(officer, staff, sd_balang, awayan):
    away = DesaFactory(kecamatan=awayan, code="63.11.03.2001")
    with rows_unchanged([School]), pytest.raises(PermissionDenied, match="kecamatan.s officer keep its schools"):
        school_save(by=officer, desa=away, school=sd_balang, name=sd_balang.name, npsn=sd_balang.npsn, level="sd")
    moved = school_save(by=staff, desa=away, school=sd_balang, name=sd_balang.name, npsn=sd_balang.npsn, level="sd")
    assert moved.desa == away


def test_a_deactivated_school_leaves_the_spab_share_and_is_no_longer_opened(
    balangan, paringin, officer, staff, sd_balang, other_school, spab_assignment, current_start
):
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
    verified = school_report(spab_assignment, other_school, officer, current_start)
    fill_and_submit(verified, officer)
    services.report_verify(report=verified, by=staff)
    assert kencana.answers.get(indicator=indicator).number == Decimal(50)  # 1 of 2 schools

    school_save(
        by=officer,
        desa=sd_balang.desa,
        school=sd_balang,
        name=sd_balang.name,
        npsn=sd_balang.npsn,
        level="sd",
        active=False,
    )
    assert kencana.answers.get(indicator=indicator).number == Decimal(100)  # 1 of 1 open school
    assert sd_balang not in {p.school for p in open_periods(user=officer)}
    sd_balang.refresh_from_db()
    with rows_unchanged([Report]), pytest.raises(ValidationError, match="inactive"):
        school_report(spab_assignment, sd_balang, officer, current_start)


def test_the_school_form_adds_a_school_and_explains_a_taken_npsn(client_for, officer, balang, sd_balang):
    client = client_for(officer)
    url = reverse("kecamatan:school_create", args=[balang.code])
    data = {"desa": balang.code, "name": "SMP Negeri 2 Paringin", "npsn": sd_balang.npsn, "level": "smp"}
    with rows_unchanged([School]):
        refused = client.post(url, data)
    assert refused.status_code == 200 and "sudah memakai NPSN" in refused.content.decode()
    saved = client.post(url, {**data, "npsn": "30300123", "pupils": "210"})
    assert saved.status_code == 302 and saved.url == reverse("kecamatan:school", args=["30300123"])
    edit = client.get(reverse("kecamatan:school_edit", args=["30300123"])).content.decode()
    assert "SMP Negeri 2 Paringin" in edit and "history" in edit


# --- Completeness of desa and school assessments --------------------------------------


def test_completeness_of_a_school_template_counts_each_open_school(
    staff, officer, sd_balang, other_school, spab_assignment, paringin, current_start
):
    SchoolFactory(desa=other_school.desa, npsn="99110609", active=False)
    filed = school_report(spab_assignment, other_school, officer, current_start)
    fill_and_submit(filed, officer)
    services.report_verify(report=filed, by=staff)
    result = completeness(user=staff, assignment=spab_assignment, period_start=current_start, kecamatan=paringin)
    assert [row.school for row in result.rows] == [sd_balang, other_school]
    assert result.totals == {"expected": 2, "submitted": 1, "on_time": 1, "verified": 1, "returned": 0, "missing": 1}
    assert [row.school for row in result.showing("missing")] == [sd_balang]


def test_the_kecamatan_page_links_each_unit_figure_to_its_list(
    client_for, staff, officer, sd_balang, other_school, spab_assignment, paringin, current_start
):
    spab_assignment.starts_on = current_start  # one period, the current one: what the page is about
    spab_assignment.save()
    filed = school_report(spab_assignment, other_school, officer, current_start)
    fill_and_submit(filed, officer)
    [figures] = unit_completeness(user=staff, kecamatan=paringin)
    client = client_for(staff)
    page = client.get(reverse("kecamatan:detail", args=[paringin.code])).content.decode()
    assert 'id="unit-completeness"' in page
    link = (
        f"{reverse('readiness:completeness')}?assignment={spab_assignment.pk}&amp;period="
        f"{figures.period_start.isoformat()}&amp;kecamatan={paringin.code}&amp;show=missing"
    )
    assert link in page
    listed = client.get(link.replace("&amp;", "&")).content.decode()
    assert 'data-total="1"' in listed and f'data-school="{sd_balang.npsn}"' in listed
    assert f'data-school="{other_school.npsn}"' not in listed


def test_completeness_of_desa_for_another_kecamatan_is_a_404_for_an_officer(
    client_for, officer, awayan, spab_assignment
):
    url = f"{reverse('readiness:completeness')}?assignment={spab_assignment.pk}&kecamatan={awayan.code}"
    assert client_for(officer).get(url).status_code == 404
