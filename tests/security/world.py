"""The world the authorization matrix walks: one object of every kind that has a URL, in each place.

Places are the three kecamatan of the standing cast (Paringin and Awayan in Balangan, Aluh Aluh
in Banjar) and their two districts. Objects are made with the apps' own factories and services,
so they are exactly what users would make. A module builds it once, with every role logged in
(``whole_world`` in conftest.py), and each test walks it in a savepoint of its own.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from kecamatan import services as kecamatan_services
from kecamatan.models import Desa, Hazard, Province
from kencana.accounts.models import Role
from kencana.alerts.models import CapMessage, Notification
from kencana.core.clock import local_today
from kencana.plans import services as plan_services
from kencana.readiness import services as readiness_services
from kencana.readiness.periods import period_bounds
from kencana.response import services as response_services
from logistics import services as stock_services
from logistics.models import AdjustmentReason

from ..alerts.factories import AlertFactory, HazardWarningFactory
from ..factories import SchoolFactory, UserFactory
from ..factories import today as districts_today
from ..logistics.factories import WarehouseFactory, item, receive
from ..plans.factories import (
    ActionItemFactory,
    ActionPlanFactory,
    AgencyFactory,
    CardFactory,
    published_card_template,
    published_plan_template,
)
from ..readiness.factories import make_assignment, make_version

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 32

KECAMATAN = ("paringin", "awayan", "aluh_aluh")
DISTRICTS = ("balangan", "banjar")


def _upload(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def _readiness(world: dict, district_key: str, kecamatan_keys: list[str], *, shared: bool) -> None:
    """A published template assigned to the district's kecamatan, and a report for each with evidence."""
    district = world[district_key]
    version = make_version(district, name=f"Instrumen {district.name}")
    version.template.shared_with_partners = shared
    version.template.save(update_fields=["shared_with_partners"])
    assignment = make_assignment(version, [world[k] for k in kecamatan_keys])
    world["template"][district_key] = version.template
    world["version"][district_key] = version
    world["assignment"][district_key] = assignment
    start = period_bounds("quarter", local_today(district.timezone))[0]
    for key in kecamatan_keys:
        reporter = world["reporter"][key]
        report = readiness_services.report_open(
            assignment=assignment, kecamatan=world[key], period_start=start, by=reporter
        )
        y1 = version.indicators.get(code="Y1")
        readiness_services.answers_save(
            report=report, by=reporter, entries=[readiness_services.AnswerInput(indicator=y1, value="yes")]
        )
        evidence = readiness_services.evidence_add(
            report=report, indicator=y1, by=reporter, upload=_upload("sk-camat.pdf", PDF, "application/pdf")
        )
        world["report"][key] = report
        world["evidence"][key] = evidence


def _plans(world: dict, key: str) -> None:
    kecamatan = world[key]
    today = districts_today()
    item = ActionItemFactory(
        plan=ActionPlanFactory(kecamatan=kecamatan),
        title=f"Simulasi evakuasi {kecamatan.name}",
        start_date=today - datetime.timedelta(days=20),
        due_date=today + datetime.timedelta(days=40),
        progress=40,
    )
    world["item"][key] = item
    world["plan_evidence"][key] = plan_services.evidence_add(
        by=world["reporter"][key], item=item, data=PDF, filename="notulen.pdf", caption="Notulen"
    )
    world["card"][key] = CardFactory(kecamatan=kecamatan, hazard=world["banjir"])


def _logistics(world: dict, key: str, main) -> None:
    """A store serving the kecamatan with stock; a shipment on its way there; a transfer received with
    a proof; an adjustment; a count in progress; a submitted and a draft request."""
    kecamatan, operator, today = world[key], world["operator"][key], districts_today()
    store = WarehouseFactory(district=kecamatan.district, code=f"K{kecamatan.code[-2:]}", serves=[kecamatan])
    receipt = receive(operator, store, "SLMT", 100)
    lot = receipt.lines.get().lot
    dispatch = stock_services.dispatch_post(
        by=operator,
        warehouse=store,
        lines=[stock_services.IssueLine(item("SLMT"), Decimal(5), None)],
        business_date=today,
        destination_kecamatan=kecamatan,
    )
    transfer = stock_services.transfer_post(
        by=operator,
        warehouse=store,
        destination_warehouse=main,
        lines=[stock_services.IssueLine(item("SLMT"), Decimal(5), None)],
        business_date=today,
    )
    stock_services.shipment_receive(
        by=operator,
        document=transfer,
        received={},
        received_date=today,
        proofs=[_upload("bast.png", PNG, "image/png")],
    )
    adjustment = stock_services.adjustment_post(
        by=operator,
        warehouse=store,
        reason=AdjustmentReason.objects.get(code="damaged"),
        business_date=today,
        lines=[stock_services.AdjustLine(lot, Decimal(-1))],
    )
    count = stock_services.count_start(by=operator, warehouse=store, business_date=today)
    minimum = stock_services.minimum_set(
        by=operator, warehouse=store, item=item("SLMT"), mode="fixed", fixed_quantity=Decimal(20)
    )

    def request(submit: bool):
        return stock_services.request_create(
            by=world["reporter"][key],
            kecamatan=kecamatan,
            destination_kind="kecamatan",
            reason="Banjir di desa tepi sungai",
            people_affected=120,
            lines=[stock_services.RequestedLine(item("SLMT"), Decimal(10))],
            submit=submit,
        )

    world["warehouse"][key] = store
    world["lot"][key] = lot
    world["receipt"][key] = receipt
    world["dispatch"][key] = dispatch
    world["transfer"][key] = transfer
    world["proof"][key] = transfer.proofs.get()
    world["adjustment"][key] = adjustment
    world["count"][key] = count
    world["minimum"][key] = minimum
    world["movement"][key] = receipt.movements.first()
    world["request"][key] = request(True)
    world["draft_request"][key] = request(False)


def _alerts(world: dict, district_key: str, kecamatan_keys: list[str]) -> None:
    district, staff = world[district_key], world["operator"][kecamatan_keys[0]]
    kecamatan = [world[k] for k in kecamatan_keys]
    for key in kecamatan_keys:
        world["alert"][key] = AlertFactory(kecamatan=world[key], title=f"Banjir di {world[key].name}")
    world["warning"][district_key] = HazardWarningFactory(district=district, created_by=staff, kecamatan=kecamatan)
    message = CapMessage.objects.create(
        identifier=f"bmkg-{district.code}",
        sender="bmkg@bmkg.go.id",
        sent=timezone.now(),
        status="Actual",
        msg_type="Alert",
        scope="Public",
        headline="Peringatan dini cuaca",
        xml="<alert/>",
    )
    message.kecamatan.set(kecamatan)
    world["cap"][district_key] = message


class World(dict):
    """The objects of the world, each part made the first time it is asked for (``build_all``
    makes every part at once)."""

    def __missing__(self, key):
        build = PARTS.get(key)
        if build is None or build in self.setdefault("built", set()):
            raise KeyError(key)
        self["built"].add(build)
        for kind in build.kinds:
            self[kind] = {}
        build(self)
        return self[key]

    def build_all(self) -> "World":
        for kind in PARTS:
            self[kind]
        return self

    def log_in_everyone(self) -> None:
        """A session for each role, kept in the database: ``client(role)`` carries its cookie."""
        self["sessions"] = {}
        for role, user in self["users"].items():
            client = Client()
            client.force_login(user)
            self["sessions"][role] = client.cookies[settings.SESSION_COOKIE_NAME].value

    def client(self, role: str) -> Client:
        """A test client logged in as the role (anonymous for "anonymous")."""
        client = Client()
        if role != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = self["sessions"][role]
        return client


PARTS: dict[str, Callable] = {}


def part(*kinds: str) -> Callable:
    """Register the builder of these kinds of objects (each a dict by place)."""

    def register(build):
        build.kinds = kinds
        PARTS.update(dict.fromkeys(kinds, build))
        return build

    return register


@part("template", "version", "assignment", "report", "evidence")
def _readiness_part(world) -> None:
    _readiness(world, "balangan", ["paringin", "awayan"], shared=True)
    _readiness(world, "banjar", ["aluh_aluh"], shared=False)
    # Balangan's internal template: published but not shared, so its partner must not find it.
    private = make_version(world["balangan"], name="Instrumen internal Balangan")
    private.template.shared_with_partners = False
    private.template.save(update_fields=["shared_with_partners"])
    world["template"]["balangan_private"] = private.template
    world["version"]["balangan_private"] = private


@part("item", "plan_evidence", "card", "agency", "district_plan")
def _plans_part(world) -> None:
    for key in KECAMATAN:
        _plans(world, key)
    for district_key in DISTRICTS:
        district = world[district_key]
        world["agency"][district_key] = AgencyFactory(district=district, kecamatan=None, name=f"BPBD {district.name}")
        world["district_plan"][district_key] = ActionPlanFactory(district=district, kecamatan=None)


@part("card_template", "card_version", "plan_template", "plan_version")
def _plan_templates_part(world) -> None:
    """A shared card and plan template per district, and Balangan's internal (unshared) ones."""
    banjar_admin = UserFactory(username="admin.banjar", district=world["banjar"], role=Role.BPBD_ADMIN)
    makers = (
        ("balangan", world["users"]["admin"], True, ""),
        ("banjar", banjar_admin, False, " Banjar"),
        ("balangan_private", world["users"]["admin"], False, " internal"),
    )
    for place, admin, shared, suffix in makers:
        card = published_card_template(admin, world["banjir"], name=f"Kartu banjir{suffix}", shared=shared)
        plan = published_plan_template(admin, world["banjir"], name=f"Rencana dasar{suffix}", shared=shared)
        world["card_template"][place], world["card_version"][place] = card, card.published_version()
        world["plan_template"][place], world["plan_version"][place] = plan, plan.published_version()


@part("risk")
def _risk_part(world) -> None:
    for key in KECAMATAN:
        world["risk"][key] = kecamatan_services.risk_profile_save(
            by=world["operator"][key],
            kecamatan=world[key],
            hazard=world["banjir"],
            hazard_index=Decimal("0.6"),
            vulnerability_index=Decimal("0.5"),
            capacity_index=Decimal("0.4"),
        )


@part(
    "main", "warehouse", "lot", "receipt", "dispatch", "transfer", "proof", "adjustment", "count", "movement",
    "minimum", "request", "draft_request",
)  # fmt: skip
def _logistics_part(world) -> None:
    for district_key, kecamatan_keys in (("balangan", ["paringin", "awayan"]), ("banjar", ["aluh_aluh"])):
        main = WarehouseFactory(district=world[district_key], code="GU", kind="main", name="Gudang Utama")
        world["main"][district_key] = main
        for key in kecamatan_keys:
            _logistics(world, key, main)


@part("alert", "warning", "cap", "notification", "public_alert")
def _alerts_part(world) -> None:
    _alerts(world, "balangan", ["paringin", "awayan"])
    _alerts(world, "banjar", ["aluh_aluh"])
    world["public_alert"]["paringin"] = AlertFactory(kecamatan=world["paringin"], title="Siaga banjir", public=True)
    for role, user in world["users"].items():
        world["notification"][role] = Notification.objects.create(
            user=user, alert=world["alert"]["paringin"], title=f"Untuk {user.username}", link="/alerts/"
        )


@part("event", "desa", "decree", "task", "impact", "casualty", "sitrep")
def _response_part(world) -> None:
    """A flood event per kecamatan (each touching that kecamatan only) with a desa, a decree with
    its scan, the kecamatan's card activated, a submitted impact report, a casualty and a sitrep."""
    for key in KECAMATAN:
        kecamatan, operator, reporter = world[key], world["operator"][key], world["reporter"][key]
        desa = Desa.objects.create(
            code=f"{kecamatan.code}.2001", name=f"Desa {kecamatan.name}", kecamatan=kecamatan, kind=Desa.Kind.DESA
        )
        now = timezone.now()
        event = response_services.event_open(
            by=operator,
            district=kecamatan.district,
            hazard=world["banjir"],
            started_at=now - datetime.timedelta(hours=6),
            kecamatan=[kecamatan],
            desa=[desa],
        )
        today = local_today(kecamatan.district.timezone)
        decree = response_services.decree_record(
            event=event,
            by=operator,
            number=f"188.45/{kecamatan.code}",
            signed_on=today,
            level="tanggap",
            period_start=today,
            period_end=today + datetime.timedelta(days=6),
            upload=_upload("sk.pdf", PDF, "application/pdf"),
        )
        activation = response_services.card_activate(event=event, card=world["card"][key], by=operator)
        impact = response_services.impact_report_save(
            by=reporter, event=event, desa=desa, as_of=now, values={"dead": 1}, submit=True
        )
        world["event"][key], world["desa"][key], world["decree"][key] = event, desa, decree
        world["task"][key] = activation.tasks.order_by("number").first()
        world["impact"][key] = impact
        world["casualty"][key] = response_services.casualty_save(
            event=event, by=operator, desa=desa, name="Warga", sex="f", status="missing"
        )
        world["sitrep"][key] = response_services.sitrep_issue(event=event, by=operator, kind="awal")


@part("shelter")
def _shelters_part(world) -> None:
    """A shelter for each kecamatan's event, in its desa, with a count."""
    from kencana.shelters import services as shelter_services

    for key in KECAMATAN:
        event, operator = world["event"][key], world["operator"][key]
        today = local_today(event.district.timezone)
        values = {
            "name": f"SD {key}",
            "kind": "school",
            "lat": -2.33,
            "lon": 115.47,
            "capacity": 50,
            "opened_on": today,
        }
        shelter = shelter_services.shelter_save(by=operator, event=event, desa=world["desa"][key], values=values)
        shelter_services.shelter_count_file(
            by=operator, shelter=shelter, as_of=timezone.now(), values={"households": 5, "people": 20}
        )
        world["shelter"][key] = shelter


@part("field_report")
def _messaging_part(world) -> None:
    """A field report from each kecamatan, sent in by SMS."""
    from kencana.messaging.models import FieldReport

    for key in KECAMATAN:
        kecamatan = world[key]
        world["field_report"][key] = FieldReport.objects.create(
            district=kecamatan.district,
            channel="sms",
            sender="6281200000000",
            text=f"LAPOR BANJIR {kecamatan.name}",
            hazard=world["banjir"],
            kecamatan=kecamatan,
        )


@part("school")
def _school_part(world) -> None:
    """A school in each kecamatan's desa."""
    for n, key in enumerate(KECAMATAN):
        world["school"][key] = SchoolFactory(desa=world["desa"][key], npsn=f"9911070{n}", name=f"SD Uji {key}")


@part("spm_report", "spm_entry")
def _upward_part(world) -> None:
    """Each district's SPM report for the last quarter, a draft with evidence on an entered figure."""
    from kencana.upward import services as upward_services

    for key in DISTRICTS:
        district = world[key]
        year, quarter = upward_services.last_quarter(local_today(district.timezone))
        filer = world["operator"]["paringin" if key == "balangan" else "aluh_aluh"]
        report = upward_services.spm_report_open(district=district, year=year, quarter=quarter, by=filer)
        entry = report.entries.get(sub_activity__code="1.2")
        upward_services.spm_report_save(
            report=report,
            by=filer,
            entries=[
                upward_services.EntryInput(
                    sub_activity_id=entry.sub_activity_id,
                    target=100,
                    achieved=40,
                    evidence=_upload("kie.pdf", PDF, "application/pdf"),
                )
            ],
        )
        world["spm_report"][key] = report
        world["spm_entry"][key] = entry


@part("ikd_assessment")
def _ikd_part(world) -> None:
    """Each district's IKD self-assessment of this year, a draft with one answer, on a published
    template that assesses the district."""
    from kencana.readiness.models import Template, UnitKind
    from kencana.upward import services as upward_services

    for key in DISTRICTS:
        district = world[key]
        filer = world["operator"]["paringin" if key == "balangan" else "aluh_aluh"]
        template = Template.objects.create(district=district, name="IKD", unit_kind=UnitKind.DISTRICT)
        make_version(district, template=template)
        assessment = upward_services.ikd_assessment_open(
            district=district, year=local_today(district.timezone).year, by=filer
        )
        upward_services.ikd_assessment_save(
            assessment=assessment, by=filer, answers=[upward_services.IkdAnswerInput(indicator="Y1", value="ya")]
        )
        world["ikd_assessment"][key] = assessment


def build_world(*, balangan, banjar, paringin, awayan, aluh_aluh, admin_user, staff, officer, awayan_officer) -> World:
    """The places and people; every object kind that has a URL comes when first asked for."""
    partner = UserFactory(username="staff.banjar", district=banjar, role=Role.BPBD_STAFF)
    aluh_officer = UserFactory(username="camat.aluhaluh", district=banjar, role=Role.OFFICER, kecamatan=[aluh_aluh])
    kalsel, kalteng = Province.objects.get(code="63"), Province.objects.get(code="62")

    def overseer(username, role, province=None):
        return UserFactory(username=username, district=None, province=province, role=role)

    return World(
        balangan=balangan,
        banjar=banjar,
        paringin=paringin,
        awayan=awayan,
        aluh_aluh=aluh_aluh,
        banjir=Hazard.objects.get(code="banjir"),
        users={
            "admin": admin_user,
            "staff": staff,
            "officer": officer,
            "awayan_officer": awayan_officer,
            "partner": partner,
            "province": overseer("prov.kalsel", Role.PROVINCE_STAFF, kalsel),
            "province_admin": overseer("admin.prov.kalsel", Role.PROVINCE_ADMIN, kalsel),
            "national": overseer("bnpb.pusat", Role.NATIONAL_STAFF),
            "other_province": overseer("prov.kalteng", Role.PROVINCE_STAFF, kalteng),
        },
        # Who fills in reports and files requests for each kecamatan, and who runs its stores.
        reporter={"paringin": officer, "awayan": awayan_officer, "aluh_aluh": aluh_officer},
        operator={"paringin": staff, "awayan": staff, "aluh_aluh": partner},
    )
