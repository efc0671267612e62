"""One request, one transaction: a multi-part write refused for one of its parts changes nothing.

Every endpoint and form that writes several things at once (review verdicts, bulk answers with
evidence, multi-line stock documents and requests, applying a template to several kecamatan,
template and risk imports) is posted with valid parts and one bad part. The answer is a refusal
that names the bad part, and every table (history tables included, so updates count too) is as
it was before.
"""

from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.urls import reverse
from rest_framework.test import APIClient

from kencana.plans.models import QuickResponseCard
from logistics.models import Balance
from tests.factories import DesaFactory, SchoolFactory
from tests.logistics.factories import WarehouseFactory, receive
from tests.plans.factories import CardFactory, published_card_template
from tests.readiness.conftest import fill_and_submit
from tests.readiness.factories import make_assignment, make_version

from ..factories import today as districts_today
from ..security.world import PDF

pytestmark = pytest.mark.usefixtures("isolated_media")
DATA = Path(__file__).parent.parent
TODAY = districts_today()


@pytest.fixture
def isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def snapshot() -> dict:
    """Rows of every table, and the stock on hand: what a refused request must leave alone."""
    counts = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
    counts["stock"] = Balance.objects.aggregate(total=Sum("quantity"))["total"]
    return counts


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def submitted_report(balangan, paringin, awayan, officer):
    from kencana.core.clock import local_today
    from kencana.readiness import services
    from kencana.readiness.periods import period_bounds

    assignment = make_assignment(make_version(balangan), [paringin, awayan])
    start = period_bounds("quarter", local_today(balangan.timezone))[0]
    report = services.report_open(assignment=assignment, kecamatan=paringin, period_start=start, by=officer)
    return fill_and_submit(report, officer)


def review_api(world):
    report = submitted_report(world["balangan"], world["paringin"], world["awayan"], world["officer"])
    body = [
        {"indicator": "Y1", "verdict": "accepted"},
        {"indicator": "S1", "verdict": "accepted"},
        {"indicator": "NOPE", "verdict": "accepted"},
    ]
    return lambda: api(world["staff"]).post(f"/api/v1/readiness/reports/{report.pk}/review/", body, format="json")


def review_form(world):
    report = submitted_report(world["balangan"], world["paringin"], world["awayan"], world["officer"])
    answers = {a.indicator.code: a.pk for a in report.answers.select_related("indicator")}
    form = {
        f"verdict_{answers['Y1']}": "accepted",
        f"verdict_{answers['S1']}": "needs_revision",  # without the note that says what to revise
        "decision": "verify",
    }

    world["client"].force_login(world["staff"])

    def post():
        return world["client"].post(reverse("readiness:report_review", args=[report.pk]), form, follow=True)

    return post


def answers_and_evidence_form(world):
    from kencana.core.clock import local_today
    from kencana.readiness import services
    from kencana.readiness.periods import period_bounds

    assignment = make_assignment(make_version(world["balangan"]), [world["paringin"]])
    start = period_bounds("quarter", local_today(world["balangan"].timezone))[0]
    report = services.report_open(
        assignment=assignment, kecamatan=world["paringin"], period_start=start, by=world["officer"]
    )
    indicators = {i.code: i.pk for i in report.version.indicators.all()}
    form = {
        f"value_{indicators['Y1']}": "ya",
        f"value_{indicators['S1']}": "Draf",
        f"evidence_{indicators['Y1']}": SimpleUploadedFile("sk.pdf", b"<html>not a pdf</html>"),
    }

    world["client"].force_login(world["officer"])

    def post():
        return world["client"].post(reverse("readiness:report_save", args=[report.pk]), form)

    return post


def outbox_filing_api(world):
    """Answers, a good photo, a file that is no PDF and the submission, from an officer's outbox."""
    import json

    from kencana.core.clock import local_today
    from kencana.readiness import services
    from kencana.readiness.periods import period_bounds
    from tests.readiness.conftest import PNG

    assignment = make_assignment(make_version(world["balangan"]), [world["paringin"]])
    start = period_bounds("quarter", local_today(world["balangan"].timezone))[0]
    report = services.report_open(
        assignment=assignment, kecamatan=world["paringin"], period_start=start, by=world["officer"]
    )
    body = {
        "answers": json.dumps([{"indicator": "Y1", "value": "yes"}, {"indicator": "N1", "value": "4"}]),
        "files": [
            SimpleUploadedFile("foto.png", PNG, content_type="image/png"),
            SimpleUploadedFile("sk.pdf", b"<html>not a pdf</html>"),
        ],
        "file_indicators": ["Y1", "Y1"],
        "submit": "true",
    }
    return lambda: api(world["officer"]).post(
        f"/api/v1/readiness/reports/{report.pk}/file/",
        body,
        format="multipart",
        headers={"Idempotency-Key": "one-request-one-transaction"},
    )


def receipt_api(world):
    body = {
        "warehouse": world["warehouse"].pk,
        "business_date": TODAY.isoformat(),
        "funding_source": "apbd_kabupaten",
        "lines": [
            {"item": "SLMT", "quantity": "10"},
            {"item": "TRPL", "quantity": "5"},
            {"item": "BRS", "quantity": "200"},  # rice is perishable: no expiry date given
        ],
    }
    return lambda: api(world["staff"]).post("/api/v1/logistics/receipts/", body, format="json")


def dispatch_api(world):
    body = {
        "warehouse": world["warehouse"].pk,
        "business_date": TODAY.isoformat(),
        "destination_text": "Posko Lok Batu",
        "lines": [{"item": "SLMT", "quantity": "10"}, {"item": "SLMT", "quantity": "1000"}],
    }
    return lambda: api(world["staff"]).post("/api/v1/logistics/dispatches/", body, format="json")


def adjustment_api(world):
    lot = Balance.objects.get(warehouse=world["warehouse"]).lot_id
    body = {
        "warehouse": world["warehouse"].pk,
        "reason": "damaged",
        "business_date": TODAY.isoformat(),
        "lines": [{"lot": lot, "quantity": "-1"}, {"lot": lot, "quantity": "-1000"}],
    }
    return lambda: api(world["staff"]).post("/api/v1/logistics/adjustments/", body, format="json")


def request_api(world):
    body = {
        "kecamatan": world["paringin"].code,
        "destination_kind": "kecamatan",
        "reason": "Banjir",
        "people_affected": 40,
        "lines": [{"item": "SLMT", "quantity": "10"}, {"item": "TRPL", "quantity": "5"}],
    }
    return lambda: api(world["officer"]).post("/api/v1/logistics/requests/", body, format="json")


def card_template_form(world):
    from kecamatan.models import Hazard

    template = published_card_template(world["admin"], Hazard.objects.get(code="banjir"))
    version = template.published_version()
    CardFactory(kecamatan=world["awayan"], hazard=version.hazard, trigger="Kartu sendiri")
    form = {"kecamatan": [world["paringin"].pk, world["awayan"].pk]}

    world["client"].force_login(world["staff"])

    def post():
        return world["client"].post(reverse("plans:template_apply", args=["cards", version.pk]), form)

    return post


def template_import_form(world):
    good = (DATA / "readiness/data/template_ok.csv").read_text()
    bad = good + "Logistik,G9,Pertanyaan,,number,target=abc,1,false,\n"

    world["client"].force_login(world["admin"])

    def post():
        upload = SimpleUploadedFile("templat.csv", bad.encode())
        return world["client"].post(reverse("readiness:template_import"), {"file": upload, "name": "Impor"})

    return post


def risk_import_form(world):
    good = (DATA / "kecamatan/data/risk_good.csv").read_text()
    bad = good + "63.11.03,banjir,2.5,0.5,0.5,10,,KRB,2022\n"  # a hazard index above 1

    world["client"].force_login(world["staff"])

    def post():
        return world["client"].post(
            reverse("kecamatan:risk_import"), {"file": SimpleUploadedFile("risiko.csv", bad.encode())}
        )

    return post


def katana_api(world):
    """A Katana count moves the computed answers of the kecamatan's open reports: dated in the future, nothing."""
    from kencana.core.clock import local_today
    from kencana.readiness import services
    from kencana.readiness.models import Computed
    from kencana.readiness.periods import period_bounds

    version = make_version(world["balangan"])
    version.indicators.filter(code="N1").update(computed=Computed.KATANA_PER_1000)
    start = period_bounds("quarter", local_today(world["balangan"].timezone))[0]
    services.report_open(
        assignment=make_assignment(version, [world["paringin"]]),
        kecamatan=world["paringin"],
        period_start=start,
        by=world["officer"],
    )
    desa = DesaFactory(kecamatan=world["paringin"], code="63.11.06.2007")
    body = {"desa": desa.code, "counted_on": "2999-01-01", "households": 40}
    return lambda: api(world["officer"]).post("/api/v1/readiness/katana/", body, format="json")


def school_form(world):
    """A school added moves the SPAB share of the kecamatan's open reports: with a taken NPSN, nothing."""
    from kencana.core.clock import local_today
    from kencana.readiness import services
    from kencana.readiness.models import Computed
    from kencana.readiness.periods import period_bounds

    version = make_version(world["balangan"])
    version.indicators.filter(code="N1").update(computed=Computed.SPAB_VERIFIED_SHARE)
    start = period_bounds("quarter", local_today(world["balangan"].timezone))[0]
    services.report_open(
        assignment=make_assignment(version, [world["paringin"]]),
        kecamatan=world["paringin"],
        period_start=start,
        by=world["officer"],
    )
    desa = DesaFactory(kecamatan=world["paringin"], code="63.11.06.2005")
    SchoolFactory(desa=desa, npsn="99110603")
    body = {"desa": desa.code, "name": "SD Negeri Baru", "npsn": "99110603", "level": "sd"}
    world["client"].force_login(world["officer"])
    return lambda: world["client"].post(reverse("kecamatan:school_create", args=[desa.code]), body)


def distribution_api(world):
    from kencana.core.clock import local_today
    from kencana.shelters import services as shelter_services
    from tests.response.factories import desa, open_event

    event = open_event(world["staff"], [world["paringin"]])
    today = local_today(event.district.timezone)
    values = {"name": "SDN 1", "kind": "school", "lat": -2.3, "lon": 115.5, "capacity": 50, "opened_on": today}
    shelter = shelter_services.shelter_save(
        by=world["staff"], event=event, desa=desa(world["paringin"], 1), values=values
    )
    receive(world["staff"], shelter.store, "SLMT", 10)
    body = {
        "business_date": TODAY.isoformat(),
        "households_reached": 4,
        "lines": [{"item": "SLMT", "quantity": "5"}, {"item": "TRPL", "quantity": "1"}],
    }
    return lambda: api(world["staff"]).post(f"/api/v1/shelters/{shelter.pk}/distribute/", body, format="json")


def field_report_event_form(world):
    """The report's desa lies outside its kecamatan: the event, the link and the reply all wait."""
    from kecamatan.models import Desa, Hazard
    from kencana.alerts.models import DistrictChannel
    from kencana.messaging.models import FieldReport

    DistrictChannel.objects.create(
        district=world["balangan"], provider="sms", api_url="http://127.0.0.1:1/{to}", credential="sms"
    )
    desa = Desa.objects.create(code="63.11.03.2001", name="Desa Awayan", kecamatan=world["awayan"], kind="desa")
    report = FieldReport.objects.create(
        district=world["balangan"],
        channel="sms",
        sender="628111",
        text="LAPOR BANJIR DESA AWAYAN",
        hazard=Hazard.objects.get(code="banjir"),
        kecamatan=world["paringin"],
        desa=desa,
        state="verified",
    )
    world["client"].force_login(world["staff"])

    def post():
        return world["client"].post(reverse("messaging:report_open_event", args=[report.pk]), follow=True)

    return post


def spm_report_form(world):
    """Every figure entered and one achievement with its evidence, another without: nothing is saved."""
    from kencana.upward import services as upward_services

    year, quarter = upward_services.last_quarter(TODAY)
    report = upward_services.spm_report_open(district=world["balangan"], year=year, quarter=quarter, by=world["staff"])
    data = {"problems": "", "action_plan": "", "submit": "1"}
    for entry in report.entries.select_related("sub_activity").filter(sub_activity__source=""):
        data[f"e{entry.pk}_target"], data[f"e{entry.pk}_achieved"] = "10", "0"
    first, second = report.entries.filter(sub_activity__code__in=["1.2", "2.2"]).order_by("sub_activity__code")
    data[f"e{first.pk}_achieved"] = data[f"e{second.pk}_achieved"] = "3"
    data[f"e{first.pk}_evidence"] = SimpleUploadedFile("kie.pdf", PDF, content_type="application/pdf")
    world["client"].force_login(world["staff"])
    return lambda: world["client"].post(reverse("upward:spm_detail", args=[report.pk]), data)


def ikd_assessment_form(world):
    """Every indicator answered but the last, submitted: the answers written before the refusal are
    taken back with it."""
    from kencana.readiness import services as readiness_services
    from kencana.upward import services as upward_services
    from kencana.upward.demo import ikd_starter_import

    template = ikd_starter_import(district=world["balangan"], by=world["admin"])
    version = readiness_services.version_publish(version=template.versions.get(), by=world["admin"])
    assessment = upward_services.ikd_assessment_open(district=world["balangan"], year=TODAY.year, by=world["staff"])
    indicators = list(version.indicators.order_by("position"))
    data = {f"i{i.pk}": i.choices[2]["label"] for i in indicators[:-1]}
    data["submit"] = "1"
    world["client"].force_login(world["staff"])
    return lambda: world["client"].post(reverse("upward:ikd_detail", args=[assessment.pk]), data)


def spm_catalogue_form(world):
    """A draft sub-activity renamed with its quality components, whose weights add up to 90: nothing is saved."""
    from kencana.accounts.models import Role
    from kencana.upward import catalogue_services
    from kencana.upward.models import SpmSubActivity
    from tests.factories import UserFactory

    admin = UserFactory(username="bnpb.admin", district=None, role=Role.NATIONAL_ADMIN)
    draft = catalogue_services.spm_version_new_draft(by=admin)
    sub = SpmSubActivity.objects.get(service__version=draft, code="1.2")
    data = {"name": "KIE", "unit": "jiwa", "source": "", "target_note": "Baru", "c-TOTAL_FORMS": "2"}
    data.update({"c-INITIAL_FORMS": "0", "c-0-code": "M1", "c-0-name": "Standar", "c-0-weight": "60"})
    data.update({"c-1-code": "M2", "c-1-name": "SK", "c-1-weight": "30"})
    world["client"].force_login(admin)
    return lambda: world["client"].post(reverse("upward:catalogue_sub_activity", args=[sub.pk]), data)


CASES = {
    "Katana count and the computed answers it moves (API)": (katana_api, 400, "in the future"),
    "review verdicts (API)": (review_api, 400, "NOPE"),
    "review verdicts with verify (form)": (review_form, 200, "say what needs revising"),
    "answers with evidence (form)": (answers_and_evidence_form, 400, "sk.pdf"),
    "report filed from the outbox, with photos and the submission (API)": (outbox_filing_api, 400, "sk.pdf"),
    "receipt lines (API)": (receipt_api, 400, "perishable"),
    "dispatch lines (API)": (dispatch_api, 400, "holds only"),
    "adjustment lines (API)": (adjustment_api, 400, "cannot decrease"),
    "request lines (API)": (request_api, 400, "no warehouse of the district stocks"),
    "card template for several kecamatan (form)": (card_template_form, 200, "already has a card"),
    "template import (form)": (template_import_form, 200, "Row "),
    "risk import (form)": (risk_import_form, 200, "Row "),
    "school and the computed answers it moves (form)": (school_form, 200, "NPSN 99110603"),
    "distribution lines from a shelter's store (API)": (distribution_api, 400, "holds only"),
    "event from a field report, with its reply (form)": (field_report_event_form, 200, "Not in the chosen kecamatan"),
    "SPM report figures with their evidence, submitted (form)": (spm_report_form, 200, "evidence of the achievement"),
    "IKD answers, submitted with one missing (form)": (ikd_assessment_form, 200, "Before submitting, answer"),
    "SPM sub-activity with its quality components (form)": (spm_catalogue_form, 200, "add up to 90, not 100"),
}


@pytest.fixture
def world(client, balangan, paringin, awayan, officer, staff, admin_user):
    warehouse = WarehouseFactory(district=balangan, serves=[paringin, awayan])
    receive(staff, warehouse, "SLMT", 100)
    return {
        "client": client,
        "balangan": balangan,
        "paringin": paringin,
        "awayan": awayan,
        "officer": officer,
        "staff": staff,
        "admin": admin_user,
        "warehouse": warehouse,
    }


@pytest.mark.parametrize("case", list(CASES))
def test_a_multi_part_write_refused_for_one_part_changes_nothing(case, world, settings):
    settings.LANGUAGE_CODE = "en"
    prepare, status, reason = CASES[case]
    post = prepare(world)
    before = snapshot()
    response = post()
    assert response.status_code == status
    page = response.content.decode()
    assert reason.lower() in page.lower()
    assert snapshot() == before


def test_the_same_writes_without_the_bad_part_go_through(world):
    """The cases above are refused for their bad part only: fixed, they save."""
    report = submitted_report(world["balangan"], world["paringin"], world["awayan"], world["officer"])
    body = [{"indicator": "Y1", "verdict": "accepted"}, {"indicator": "S1", "verdict": "accepted"}]
    response = api(world["staff"]).post(f"/api/v1/readiness/reports/{report.pk}/review/", body, format="json")
    assert response.status_code == 200
    assert sorted(a["verdict"] for a in response.json()["answers"] if a["indicator"] in ("Y1", "S1")) == [
        "accepted",
        "accepted",
    ]
    assert not QuickResponseCard.objects.filter(kecamatan=world["paringin"]).exists()
    assert Balance.objects.get().quantity == Decimal(100)
