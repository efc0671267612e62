"""Districts side by side per section of a template they share: the selector, the page, its CSV
and the API."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from kencana.readiness.compare import compare_districts
from kencana.readiness.models import PeriodType, Report, ReportState, Template

from ..factories import DistrictFactory, KecamatanFactory
from .factories import make_assignment, make_version


def verified_report(assignment, kecamatan, start, *, policy, response, tier):
    """A verified report with these section scores (the scores are what the comparison reads)."""
    end = start + datetime.timedelta(days=89)
    return Report.objects.create(
        assignment=assignment,
        version=assignment.version,
        kecamatan=kecamatan,
        period_type=PeriodType.QUARTER,
        period_start=start,
        period_end=end,
        due_on=end,
        closes_on=end,
        state=ReportState.VERIFIED,
        score=Decimal((policy + response) / 2),
        tier=tier,
        section_scores=[
            {"title": "Kebijakan", "title_en": "Policy", "score": str(policy), "answered": 3, "total": 3},
            {"title": "Tanggap darurat", "title_en": "Response", "score": str(response), "answered": 3, "total": 3},
        ],
    )


Q1, Q2 = datetime.date(2025, 1, 1), datetime.date(2025, 4, 1)


@pytest.fixture
def shared(balangan, banjar, paringin, awayan, aluh_aluh):
    """Balangan's template, adopted by Banjar; verified reports of both, two quarters in Balangan."""
    version = make_version(balangan)
    ours = make_assignment(version, [paringin, awayan])
    adopted = make_version(
        banjar,
        template=Template.objects.create(district=banjar, name="Instrumen Banjar", source_template=version.template),
    )
    theirs = make_assignment(adopted, [aluh_aluh])
    verified_report(ours, paringin, Q1, policy=40, response=20, tier="Pratama")
    verified_report(ours, paringin, Q2, policy=80, response=60, tier="Madya")  # Paringin's latest
    verified_report(ours, awayan, Q1, policy=60, response=50, tier="Madya")
    verified_report(theirs, aluh_aluh, Q1, policy=90, response=70, tier="Utama")
    return version.template


@pytest.fixture
def tapin(db):
    """A third district of the province that assesses with a template of its own."""
    district = DistrictFactory(code="63.05", name="Tapin")
    kecamatan = KecamatanFactory(district=district, code="63.05.01", name="Tapin Selatan")
    own = make_assignment(make_version(district, name="Instrumen Tapin"), [kecamatan])
    verified_report(own, kecamatan, Q1, policy=10, response=10, tier="Pratama")
    return district


def test_each_district_gets_its_kecamatans_latest_verified_mean_per_section(
    shared, balangan, banjar, tapin, province_staff
):
    result = compare_districts(user=province_staff, districts=[balangan, banjar, tapin])
    assert result.lineage.root == shared
    assert [c.district for c in result.columns] == [balangan, banjar]
    assert result.without == [tapin]  # said so, not dropped
    assert result.sections == ["Kebijakan", "Tanggap darurat"]
    ours, theirs = result.columns
    assert ours.sections["Kebijakan"].mean == Decimal("70.0")  # Paringin's Q2 (80) and Awayan's Q1 (60)
    assert ours.sections["Tanggap darurat"].mean == Decimal("55.0") and ours.sections["Kebijakan"].kecamatan == 2
    assert (ours.covered, ours.kecamatan_total) == (2, 2)
    assert ours.tiers == {"Madya": 2}
    assert theirs.sections["Kebijakan"].mean == Decimal("90.0") and theirs.tiers == {"Utama": 1}
    assert theirs.template_names == ["Instrumen Banjar"]
    assert result.tiers == ["Pratama", "Madya", "Utama"]


def test_as_of_a_period_reads_the_reports_up_to_it(shared, balangan, banjar, province_staff):
    result = compare_districts(user=province_staff, districts=[balangan, banjar], period=Q1)
    ours = result.columns[0]
    assert ours.sections["Kebijakan"].mean == Decimal("50.0")  # Paringin's Q1 (40) and Awayan's (60)
    assert ours.as_of == Q1 and ours.tiers == {"Pratama": 1, "Madya": 1}
    assert [start for start, _label in result.periods] == [Q2, Q1]


def test_another_shared_template_may_be_chosen(shared, balangan, tapin, province_staff):
    tapins = Template.objects.get(name="Instrumen Tapin")
    result = compare_districts(user=province_staff, districts=[balangan, tapin], template=tapins.pk)
    assert result.lineage.root == tapins
    assert [c.district for c in result.columns] == [tapin] and result.without == [balangan]


def test_the_page_shows_the_districts_side_by_side_with_a_chart(shared, province_staff, client_for):
    page = client_for(province_staff).get("/readiness/compare/?district=63.11,63.03")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Kabupaten Balangan" in text and "Kabupaten Banjar" in text
    assert 'class="compare-chart"' in text and "70" in text
    assert page.context["comparison"].lineage.root == shared


def test_the_page_takes_the_districts_as_checkboxes_too(shared, province_staff, client_for):
    page = client_for(province_staff).get("/readiness/compare/?district=63.11&district=63.03")
    assert [c.district.code for c in page.context["comparison"].columns] == ["63.11", "63.03"]


def test_the_page_asks_for_districts_when_none_or_a_bad_code_is_given(shared, province_staff, client_for):
    for query in ("", "?district=x", "?district=63.11,abc"):
        page = client_for(province_staff).get(f"/readiness/compare/{query}")
        assert page.status_code == 200 and page.context["comparison"] is None


def test_a_district_outside_the_scope_is_a_404(shared, staff, outsider_district, client_for):
    client = client_for(staff)
    assert client.get("/readiness/compare/?district=63.11,64.01").status_code == 404
    assert client.get("/readiness/compare/?district=63.11,99.99").status_code == 404
    assert client.get("/readiness/compare/?district=63.11").status_code == 200  # its own district


def test_an_officer_may_not_compare(shared, officer, client_for):
    assert client_for(officer).get("/readiness/compare/?district=63.11").status_code == 403


def test_the_csv_has_a_row_per_district_and_section_and_names_who_did_not_adopt(
    shared, tapin, province_staff, client_for
):
    response = client_for(province_staff).get("/readiness/compare/export.csv?district=63.11,63.03,63.05")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    body = [row for row in rows if row and row[0].startswith("63.")]
    assert body[0][:3] == ["63.11", "Balangan", "Instrumen Uji"] and body[0][4:9] == [
        "Kebijakan",
        "70.0",
        "2",
        "2",
        "2",
    ]
    assert sum(1 for row in body if row[0] == "63.03") == 2
    tapins = next(row for row in body if row[0] == "63.05")
    assert tapins[2] == "tidak mengadopsi templat ini" and tapins[4] == ""  # the page speaks Indonesian


def test_the_api_answers_the_comparison_and_names_what_it_cannot_read(shared, province_staff):
    client = APIClient()
    client.force_authenticate(province_staff)
    answer = client.get("/api/v1/readiness/compare/", {"district": "63.11,63.03"})
    assert answer.status_code == 200
    data = answer.json()
    assert data["template"]["id"] == shared.pk and data["sections"] == ["Kebijakan", "Tanggap darurat"]
    balangan = data["districts"][0]
    assert balangan["code"] == "63.11" and balangan["sections"][0]["mean_score"] == 70.0
    assert balangan["kecamatan_verified"] == 2 and balangan["tiers"]["Madya"] == 2
    assert client.get("/api/v1/readiness/compare/", {"district": "abc"}).status_code == 400
    bad_period = client.get("/api/v1/readiness/compare/", {"district": "63.11", "period": "x"})
    assert bad_period.status_code == 400 and "period" in bad_period.json()
    assert client.get("/api/v1/readiness/compare/").status_code == 400
    assert client.get("/api/v1/readiness/compare/", {"district": "63.11,64.09"}).status_code == 404


def test_the_province_home_links_to_the_comparison_of_its_districts(shared, province_staff, client_for):
    home = client_for(province_staff).get("/").content.decode()
    assert "/readiness/compare/?district=63.03%2C63.11" in home


def test_bpbd_compare_only_their_district(shared, staff, banjar, client_for):
    page = client_for(staff).get("/readiness/compare/")
    assert [d.code for d in page.context["choices"]] == ["63.11"]
    assert client_for(staff).get("/readiness/compare/?district=63.03").status_code == 404
