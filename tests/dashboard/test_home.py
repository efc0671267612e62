from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kencana.readiness.models import Template, TemplateVersion
from tests.factories import KecamatanFactory

from .conftest import Q3


def home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


def test_bpbd_staff_see_tier_counts_and_completeness(client_for, staff, paringin, awayan, readiness_setup, report_for):
    readiness_setup.kecamatan.set([paringin, awayan])
    report_for(paringin, Q3, "verified", score=60, tier="Madya")
    report_for(awayan, Q3, "submitted", score=40)
    response = client_for(staff).get(reverse("home"))
    summary = response.context["summary"]
    assert {t.tier: t.count for t in summary.tiers} == {"Pratama": 0, "Madya": 1, "Utama": 0}
    assert summary.completeness["expected"] == 2
    assert summary.completeness["submitted"] == 2
    assert summary.completeness["verified"] == 1
    assert summary.states["submitted"] == 1
    assert "Rata-rata skor" in response.text  # the trend chart is drawn
    assert "<svg" in response.text and "<script" not in response.text.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_the_dashboard_query_count_does_not_grow_with_kecamatan(
    client_for, staff, balangan, readiness_setup, report_for, forget_cache
):
    client = client_for(staff)
    first = [KecamatanFactory(district=balangan, code=f"63.11.{n:02d}") for n in range(10, 14)]
    readiness_setup.kecamatan.set(first)
    for kecamatan in first:
        report_for(kecamatan, Q3, "verified", score=70, tier="Madya")
    forget_cache()  # measure building the page (and reading the session), as the first time
    small = home_queries(client)
    more = [KecamatanFactory(district=balangan, code=f"63.11.{n:02d}") for n in range(20, 40)]
    readiness_setup.kecamatan.add(*more)
    for kecamatan in more:
        report_for(kecamatan, Q3, "submitted", score=50)
    forget_cache()  # measure building the page, as the first time
    assert home_queries(client) == small
    assert small <= 40


def test_officers_see_their_own_kecamatan_only(client_for, officer, paringin, awayan, readiness_setup, report_for):
    readiness_setup.kecamatan.set([paringin, awayan])
    report_for(paringin, Q3, "verified", score=61.5, tier="Madya")
    report_for(awayan, Q3, "verified", score=90, tier="Utama")
    page = client_for(officer).get(reverse("home")).text.split("<main", 1)[1]
    assert "Paringin" in page and "61,5" in page
    assert "Awayan" not in page and "Utama" not in page


def test_partners_see_the_templates_shared_with_them(client_for, partner_staff, balangan):
    for name, shared in [("Kencana Balangan", True), ("Internal", False)]:
        template = Template.objects.create(district=balangan, name=name, shared_with_partners=shared)
        TemplateVersion.objects.create(template=template, number=1, state="published")
    response = client_for(partner_staff).get(reverse("home"))
    assert response.templates[0].name == "dashboard/home_partner.html"
    assert response.context["shared_count"] == 1


def test_a_partner_that_has_not_started_gets_its_own_home_without_zero_figures(client_for, partner_staff, balangan):
    response = client_for(partner_staff).get(reverse("home"))
    text = response.text
    assert response.templates[0].name == "dashboard/home_partner.html"
    assert "Kabupaten Anda belum mulai melapor" in text
    assert "Belum terverifikasi periode ini" not in text and "Diharapkan" not in text
    # Banjar has no admin in this cast: the page says who could adopt, and that there is nobody yet
    assert "Hanya admin BPBD kabupaten Anda yang boleh mengadopsi templat" in text
