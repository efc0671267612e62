"""Demo response: a flood along the Sungai Balangan in Paringin and Awayan, two days old.

A BMKG-style warning (siaga darurat) raised alerts in both kecamatan; BPBD opened the event
from Paringin's alert, the Bupati declared tanggap darurat for 7 days, Paringin's flood card
was activated (some tasks done, one late), officers filed impact reports for real desa of both
kecamatan (some verified, some not yet), a truck of aid left the main warehouse for Paringin,
and two situation reports were issued. Desa are looked up by their Kemendagri code and never
created here: a desa the demo territory does not have is skipped. Times are set relative to
the moment the demo is seeded (what happened earlier is back-dated), and the names of casualties
are invented and marked as demo. Seeding again changes nothing.
"""

import datetime
import zoneinfo
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from kecamatan.models import Desa, District, Hazard, Kecamatan
from kencana.accounts.models import User
from kencana.alerts.models import Alert, HazardWarning, Severity
from kencana.alerts.services import hazard_warning_create
from kencana.core.clock import local_today
from kencana.plans.models import QuickResponseCard
from logistics import services as stock
from logistics.models import Balance, Item, Warehouse

from . import services
from .models import Event, ImpactReport, Sitrep
from .moments import shown

EVENT_TITLE = "Banjir luapan Sungai Balangan di Paringin dan Awayan"
WARNING_TITLE = "Peringatan dini BMKG: hujan lebat, banjir luapan di Paringin dan Awayan"
# (desa code, officer, figures, verified?) in the order they were filed.
IMPACT = [
    (
        "63.11.06.2007",  # Lasung Batu
        "camat.paringin",
        {
            "dead": 1,
            "missing": 1,
            "injured_light": 6,
            "displaced_shelter_people": 182,
            "displaced_shelter_households": 51,
            "displaced_host_people": 40,
            "displaced_host_households": 12,
            "houses_heavy": 4,
            "houses_moderate": 17,
            "houses_light": 46,
            "schools": 1,
            "worship_places": 1,
            "roads_km": Decimal("1.5"),
            "access": "cut",
            "power": "disrupted",
            "water": "disrupted",
            "communication": "normal",
            "urgent_needs": "Perahu karet, air bersih, makanan siap saji, selimut",
        },
        True,
    ),
    (
        "63.11.06.2005",  # Balang
        "camat.paringin",
        {
            "injured_light": 2,
            "displaced_shelter_people": 96,
            "displaced_shelter_households": 27,
            "houses_moderate": 8,
            "houses_light": 21,
            "access": "disrupted",
            "power": "normal",
            "water": "disrupted",
            "communication": "normal",
            "urgent_needs": "Air bersih dan obat-obatan",
        },
        True,
    ),
    (
        "63.11.03.2007",  # Awayan
        "camat.awayan",
        {
            "injured_severe": 1,
            "injured_light": 3,
            "displaced_host_people": 64,
            "displaced_host_households": 19,
            "houses_heavy": 1,
            "houses_moderate": 5,
            "houses_light": 30,
            "bridges": 1,
            "access": "disrupted",
            "power": "cut",
            "water": "normal",
            "communication": "disrupted",
            "urgent_needs": "Genset dan terpal",
        },
        True,
    ),
    (
        "63.11.06.2012",  # Murung Ilung
        "camat.paringin",
        {
            "missing": 1,
            "displaced_shelter_people": 45,
            "displaced_shelter_households": 13,
            "houses_light": 12,
            "access": "disrupted",
            "urgent_needs": "Makanan bayi dan popok",
        },
        False,
    ),
    (
        "63.11.03.2020",  # Awayan Hilir
        "camat.awayan",
        {
            "displaced_shelter_people": 70,
            "displaced_shelter_households": 20,
            "houses_moderate": 3,
            "houses_light": 15,
            "access": "cut",
            "urgent_needs": "Perahu dan jaket pelampung",
        },
        False,
    ),
]
CHRONOLOGY = [
    (0, "Hujan lebat sejak sore; tinggi muka air Sungai Balangan di pos pantau Paringin mencapai status Siaga."),
    (2, "Air masuk permukiman tepi sungai di Lasung Batu dan Balang; warga mulai mengungsi ke balai desa."),
    (5, "Tim Reaksi Cepat BPBD dan Tagana tiba; evakuasi warga rentan dengan perahu karet."),
    (26, "Bupati menetapkan status tanggap darurat banjir selama 7 hari."),
    (30, "Genangan di Awayan mulai surut; di Paringin air masih setinggi 80 cm."),
]


def _start(tz: str) -> datetime.datetime:
    """Two days ago at 04.30 local time, when the river came over its banks."""
    zone = zoneinfo.ZoneInfo(tz)
    day = timezone.now().astimezone(zone).date() - datetime.timedelta(days=2)
    return datetime.datetime.combine(day, datetime.time(4, 30), tzinfo=zone)


def seed_response() -> None:
    balangan = District.objects.filter(code="63.11").first()
    flood = Hazard.objects.filter(code="banjir").first()
    staff = User.objects.filter(username="staff.balangan").first()
    if balangan is None or flood is None or staff is None:
        return
    if Event.objects.filter(district=balangan, title=EVENT_TITLE).exists():
        return
    kecamatan = list(Kecamatan.objects.filter(code__in=["63.11.06", "63.11.03"]).order_by("code"))
    paringin = next(k for k in kecamatan if k.code == "63.11.06")
    start = _start(balangan.timezone)
    hour = datetime.timedelta(hours=1)

    warning = hazard_warning_create(
        by=staff,
        kecamatan=kecamatan,
        hazard=flood,
        title=WARNING_TITLE,
        severity=Severity.SEVERE,
        status_level=HazardWarning.Status.ALERT,
        message="BMKG: hujan lebat disertai petir di Kabupaten Balangan; Sungai Balangan berpotensi meluap.",
        instruction="Warga bantaran sungai bersiap mengungsi; pantau informasi dari BPBD dan kecamatan.",
        expires_at=timezone.now() + datetime.timedelta(days=2),
    )
    alert = Alert.objects.filter(rule="hazard_warning", kecamatan=paringin, subject_id=str(warning.pk)).first()
    desa = {d.code: d for d in Desa.objects.filter(code__in=[row[0] for row in IMPACT])}
    event = services.event_open(
        by=staff,
        district=balangan,
        hazard=flood,
        started_at=start,
        kecamatan=kecamatan,
        desa=list(desa.values()),
        title=EVENT_TITLE,
        description="Luapan Sungai Balangan setelah hujan lebat tiga hari merendam permukiman tepi sungai.",
        source_alert=alert,
    )
    for hours, text in CHRONOLOGY:
        services.chronology_add(event=event, by=staff, at=start + hours * hour, text=text)
    _tasks(event, paringin, flood, staff, at=start + hour)
    services.decree_record(
        event=event,
        by=staff,
        number=f"188.45/412/KUM/{start.year}",
        signed_on=(start + 26 * hour).date(),
        level="tanggap",
        period_start=start.date(),
        period_end=start.date() + datetime.timedelta(days=6),
    )
    _impact(event, desa, staff, start)
    _aid(event, paringin, staff)
    _casualties(event, desa, staff)
    initial = services.sitrep_issue(
        event=event,
        by=staff,
        kind="awal",
        as_of=start + 10 * hour,
        assessment="Banjir merendam permukiman tepi sungai; evakuasi berjalan, kaji cepat masih berlangsung.",
    )
    issued = start + 11 * hour  # the initial report went out within the day, not when the demo was seeded
    Sitrep.objects.filter(pk=initial.pk).update(
        issued_at=issued, data={**initial.data, "issued": shown(issued, event.district.timezone)}
    )
    services.sitrep_issue(
        event=event,
        by=staff,
        kind="berkala",
        needs_gaps="Air bersih dan perahu karet masih kurang di Paringin; genset untuk posko Awayan.",
        assessment="Air mulai surut di Awayan. Paringin masih tergenang; dapur umum belum berdiri penuh.",
    )


def _tasks(event: Event, paringin: Kecamatan, flood: Hazard, staff: User, *, at: datetime.datetime) -> None:
    """Paringin's flood card put to work an hour after the river rose; every task but the public
    kitchen is done, and that one is late."""
    card = QuickResponseCard.objects.filter(kecamatan=paringin, hazard=flood).first()
    if card is None:
        return
    activation = services.card_activate(event=event, card=card, by=staff, at=at)
    officer = User.objects.filter(username="camat.paringin").first() or staff
    for task in activation.tasks.order_by("number"):
        by = officer if task.assignees.filter(pk=officer.pk).exists() else staff
        acknowledged = task.created_at + datetime.timedelta(minutes=10)
        services.task_act(task=task, by=by, action="acknowledge", at=acknowledged)
        if "dapur umum" in task.title.lower():
            services.task_act(task=task, by=by, action="start", at=acknowledged + datetime.timedelta(hours=2))
            continue
        finished = max(task.due_at - datetime.timedelta(minutes=5), acknowledged)
        services.task_act(task=task, by=by, action="done", at=min(finished, timezone.now()))


def _impact(event: Event, desa: dict, staff: User, start: datetime.datetime) -> None:
    """The figures the officers filed, submitted within the hour; BPBD verified most of them.
    Lasung Batu's first count was later superseded by a second, verified as well."""
    officers = {u.username: u for u in User.objects.filter(username__in={row[1] for row in IMPACT})}
    for number, (code, officer, figures, verified) in enumerate(IMPACT):
        if code not in desa or officer not in officers:
            continue
        as_of = start + datetime.timedelta(hours=6 + number)
        first = figures
        if number == 0:  # the first count of Lasung Batu, before the missing were found
            first = {
                **figures,
                "dead": 0,
                "missing": 3,
                "displaced_shelter_people": 120,
                "displaced_shelter_households": 33,
            }
        report = services.impact_report_save(
            by=officers[officer], event=event, desa=desa[code], as_of=as_of, values=first, submit=True
        )
        _backdate(report, submitted=as_of + datetime.timedelta(minutes=30))
        if verified:
            services.impact_report_verify(report=report, by=staff)
            _backdate(report, verified=as_of + datetime.timedelta(hours=1))
        if number == 0:
            later = start + datetime.timedelta(hours=28)
            second = services.impact_report_save(
                by=officers[officer], event=event, desa=desa[code], as_of=later, values=figures, submit=True
            )
            _backdate(second, submitted=later + datetime.timedelta(minutes=20))
            services.impact_report_verify(report=second, by=staff)
            _backdate(second, verified=later + datetime.timedelta(hours=1))


def _backdate(report: ImpactReport, **times: datetime.datetime) -> None:
    """The demo's past: move a report's submission or verification to when it happened."""
    fields = {f"{name}_at": moment for name, moment in times.items()}
    ImpactReport.objects.filter(pk=report.pk).update(**fields)


def _aid(event: Event, paringin: Kecamatan, staff: User) -> None:
    """Rice and tarpaulins from the main warehouse to Paringin's posko, naming the event."""
    main = Warehouse.objects.filter(district=event.district, code="GU-BLG").first()
    if main is None:
        return
    lines = []
    for code, wanted in (("BRS", Decimal(500)), ("TRPL", Decimal(40))):
        item = Item.objects.filter(code=code).first()
        held = Balance.objects.filter(warehouse=main, item=item).aggregate(q=Sum("quantity"))["q"] or 0
        if item is not None and held >= wanted:
            lines.append(stock.IssueLine(item, wanted))  # first expired, first out
    if not lines:
        return
    stock.dispatch_post(
        by=staff,
        warehouse=main,
        lines=lines,
        business_date=local_today(event.district.timezone),
        destination_kecamatan=paringin,
        destination_text="Posko banjir Desa Lasung Batu",
        note=f"Bantuan banjir {event.number}",
        vehicle="DA 8125 TB",
        driver="Rudi Hartono",
        idempotency_key=f"demo-response-{event.number}",
    )


def _casualties(event: Event, desa: dict, staff: User) -> None:
    lasung_batu = desa.get("63.11.06.2007")
    murung_ilung = desa.get("63.11.06.2012")
    if lasung_batu is not None:
        services.casualty_save(
            event=event,
            by=staff,
            desa=lasung_batu,
            name="Rahmat (demo)",
            sex="m",
            age=67,
            status="dead",
            where_found="Tepi sungai dekat jembatan desa",
        )
        services.casualty_save(
            event=event, by=staff, desa=lasung_batu, name="Aisyah (demo)", sex="f", age=9, status="missing"
        )
    if murung_ilung is not None:
        services.casualty_save(
            event=event, by=staff, desa=murung_ilung, name="Jumadi (demo)", sex="m", age=41, status="missing"
        )
