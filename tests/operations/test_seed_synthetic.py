import io
import json
from decimal import Decimal

import pytest
import shapely
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Sum
from shapely.geometry import shape

from kecamatan.models import District, Kecamatan
from kencana.accounts.models import User
from kencana.alerts.models import Alert
from kencana.readiness.models import Answer, Report, ReportState
from kencana.readiness.scoring import score
from kencana.readiness.selectors import applicable_indicators
from logistics.models import Balance, Document, Movement

SMALL = ["--districts", "3", "--kecamatan-per-district", "4", "--periods", "2", "--items", "40"]
SMALL += ["--movements", "3000", "--alerts", "300", "--desa-per-kecamatan", "3", "--indicators", "45"]
SMALL += ["--events", "12", "--impact-reports", "60", "--shelters", "30", "--shelter-counts", "90"]


def seed(tmp_path, *extra) -> dict:
    manifest = tmp_path / "synthetic.json"
    call_command("seed_synthetic", *SMALL, "--manifest", str(manifest), *extra, stdout=io.StringIO())
    return json.loads(manifest.read_text())


def fingerprint() -> list:
    return [
        list(Kecamatan.objects.order_by("code").values_list("code", "name", "population", "area_km2")),
        list(Report.objects.order_by("kecamatan__code", "period_start").values_list("state", "score", "tier")),
        list(Movement.objects.order_by("pk").values_list("quantity", "business_date")),
    ]


@pytest.mark.django_db
def test_the_synthetic_country_has_the_asked_sizes_and_a_manifest_to_log_in_with(tmp_path):
    manifest = seed(tmp_path)

    assert District.objects.count() == 3
    assert Kecamatan.objects.count() == 12
    assert manifest["counts"]["kecamatan.Desa"] == 36
    assert all(
        shapely.get_num_coordinates(shape(k.boundary)) > 100 for k in Kecamatan.objects.all()
    )  # rough, not boxes
    assert manifest["counts"]["alerts.Alert"] == 300
    assert Movement.objects.count() == manifest["counts"]["logistics.Movement"] >= 3000
    staff = User.objects.get(username=manifest["users"]["staff"])
    assert staff.check_password(manifest["password"]) and staff.district.code == manifest["district"]
    officer = User.objects.get(username=manifest["users"]["officer"])
    report = Report.objects.get(pk=manifest["report"])
    assert report.state == ReportState.DRAFT and officer.kecamatan.filter(pk=report.kecamatan_id).exists()
    assert User.objects.get(username=manifest["users"]["national"]).role == "national_staff"
    assert manifest["counts"]["alerts opened by the sweep"] == Alert.objects.exclude(state="resolved").count() > 0


@pytest.mark.django_db
def test_the_ledger_is_whole_balances_equal_movements_and_documents_number_on(tmp_path):
    manifest = seed(tmp_path, "--no-sweep")
    out = io.StringIO()
    call_command("check_ledger", stdout=out)
    assert "agree" in out.getvalue()
    assert not Balance.objects.filter(quantity__lt=0).exists()
    sums = dict(Movement.objects.values_list("warehouse_id").annotate(total=Sum("quantity")).order_by())
    balances = dict(Balance.objects.values_list("warehouse_id").annotate(total=Sum("quantity")).order_by())
    assert sums == balances
    # The counters continue the synthetic numbering: the next real document takes the next number.
    from logistics.services.common import next_number

    district = District.objects.get(code=manifest["district"])
    taken = set(Document.objects.filter(district=district).values_list("number", flat=True))
    fresh = next_number(
        district=district, prefix="DSP", year=Document.objects.latest("business_date").business_date.year
    )
    assert fresh not in taken


@pytest.mark.django_db
def test_reports_are_scored_by_the_real_scoring_and_answer_every_applicable_indicator(tmp_path):
    seed(tmp_path, "--no-sweep")
    reports = Report.objects.exclude(state=ReportState.DRAFT).select_related("kecamatan", "version")[:6]
    assert reports
    for report in reports:
        indicators = applicable_indicators(version=report.version, kecamatan=report.kecamatan)
        answers = list(Answer.objects.filter(report=report))
        assert len(answers) == len(indicators)
        total, _sections = score(indicators, answers)
        assert total == report.score
        assert report.tier == report.version.tier_for(Decimal(report.score))
    answered = Answer.objects.values("report").annotate(n=Count("id")).order_by()
    assert all(row["n"] > 0 for row in answered)


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_country_and_a_second_run_is_refused(tmp_path):
    with transaction.atomic():
        seed(tmp_path, "--no-sweep")
        first = fingerprint()
        with pytest.raises(CommandError, match="already holds a synthetic country"):
            seed(tmp_path, "--no-sweep")
        transaction.set_rollback(True)
    assert not District.objects.exists()
    seed(tmp_path, "--no-sweep")
    assert fingerprint() == first


@pytest.mark.django_db
def test_impossible_sizes_are_refused_with_nothing_written(tmp_path):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("seed_synthetic", "--districts", "0", "--manifest", str(tmp_path / "m.json"), stdout=io.StringIO())
    assert not District.objects.exists() and not (tmp_path / "m.json").exists()
