"""The response phase in the synthetic country: disaster events (most closed, some in an emergency,
some monitored) with their decrees, tasks and impact reports per desa, written in bulk.

One event is made for the benchmark: in the first district, over five kecamatan and fifty desa,
in tanggap darurat, with a task per card step and kecamatan and a verified report for every desa;
its situation report is issued through the real service, so the bench measures the pages a BPBD
would open in a large flood.
"""

import datetime
from collections import defaultdict

from kecamatan.models import Desa
from kencana.accounts.models import User
from kencana.core.synthetic import Context, quantize
from kencana.plans.demo import FLOOD_STEPS
from logistics.models import Counter

from .cap import ALERT, CANCEL, UPDATE
from .models import (
    COUNT_FIELDS,
    Decree,
    EmergencyLevel,
    Event,
    EventStatus,
    ImpactReport,
    ReportState,
    Task,
    TaskState,
)

BENCH_DESA = 50
BENCH_KECAMATAN = 5
NEEDS = ["Air bersih", "Beras dan lauk", "Selimut dan terpal", "Obat-obatan", "Perahu karet", "Makanan bayi"]
EVENT_FIELDS = [
    "id", "district", "number", "hazard", "title", "description", "started_at", "ended_at", "status",
    "source_alert", "opened_by", "created_at", "closed_at", "closed_by", "last_task_number", "last_sitrep_number",
    "cap_log",
]  # fmt: skip
DECREE_FIELDS = [
    "id", "event", "number", "signed_on", "level", "period_start", "period_end", "follows", "file", "original_name",
    "content_type", "size", "recorded_by", "recorded_at",
]  # fmt: skip
TASK_FIELDS = [
    "event", "number", "kecamatan", "activation", "step", "action_item", "title", "role", "agency", "due_at", "state",
    "acknowledged_at", "acknowledged_by", "started_at", "finished_at", "finished_by", "reason", "created_at",
]  # fmt: skip
REPORT_FIELDS = [
    "id", "event", "desa", "kecamatan", "version", "supersedes", "as_of", *COUNT_FIELDS, "roads_km", "access",
    "power", "water", "communication", "urgent_needs", "state", "created_by", "created_at", "submitted_at",
    "submitted_by", "returned_at", "return_note", "verified_at", "verified_by",
]  # fmt: skip


def _quotas(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if n < extra else 0) for n in range(parts)]


def seed_response(ctx: Context) -> None:
    rng, sizes, now = ctx.rng, ctx.sizes, ctx.now
    if sizes.events < 1:
        return
    desa_of: dict[int, list[int]] = defaultdict(list)
    for pk, kecamatan_id in Desa.objects.order_by("pk").values_list("pk", "kecamatan_id"):
        desa_of[kecamatan_id].append(pk)
    officers = dict(
        User.kecamatan.through.objects.filter(kecamatan_id__in=[k["id"] for k in ctx.kecamatan]).values_list(
            "kecamatan_id", "user_id"
        )
    )
    events = ctx.table(Event, EVENT_FIELDS)
    event_kecamatan = ctx.table(Event.kecamatan.through, ["event", "kecamatan"])
    event_desa = ctx.table(Event.desa.through, ["event", "desa"])
    decrees = ctx.table(Decree, DECREE_FIELDS)
    tasks = ctx.table(Task, TASK_FIELDS)
    reports = ctx.table(ImpactReport, REPORT_FIELDS)
    counters: dict[tuple[int, int], int] = defaultdict(int)
    event_ids = iter(ctx.ids(Event, sizes.events))
    decree_ids = iter(ctx.ids(Decree, sizes.events * 2))
    report_ids = iter(ctx.ids(ImpactReport, sizes.impact_reports + BENCH_DESA))
    report_quota = iter(_quotas(sizes.impact_reports, sizes.events))
    districts = ctx.districts
    hour, day = datetime.timedelta(hours=1), datetime.timedelta(days=1)

    for n in range(sizes.events):
        bench = n == 0
        district = districts[0] if bench else districts[n % len(districts)]
        places = (
            district["kecamatan"][:BENCH_KECAMATAN]
            if bench
            else rng.sample(district["kecamatan"], min(len(district["kecamatan"]), rng.randint(1, 3)))
        )
        hazards = places[0].get("hazards") or [None]
        hazard = hazards[0] if bench else rng.choice(hazards)
        if hazard is None:
            continue
        roll = rng.random()
        if bench or roll < 0.1:
            status = EventStatus.EMERGENCY
            started = now - rng.randint(1, 5) * day - rng.randint(0, 20) * hour
        elif roll < 0.15:
            status = EventStatus.MONITORING
            started = now - rng.randint(2, 30) * hour
        else:
            status = EventStatus.CLOSED
            started = now - rng.randint(10, 720) * day
        ended = min(started + rng.randint(3, 21) * day, now - hour) if status == EventStatus.CLOSED else None
        local_start = started.astimezone(datetime.UTC).date()
        counters[(district["id"], local_start.year)] += 1
        number = f"KB/{district['code']}/{local_start.year}/{counters[(district['id'], local_start.year)]:04d}"
        desa = [pk for place in places for pk in desa_of.get(place["id"], [])]
        desa = desa[:BENCH_DESA] if bench else rng.sample(desa, min(len(desa), rng.randint(2, 12)))
        event_id = next(event_ids)
        staff = district["staff"]
        log = [{"sequence": 1, "sent": started.isoformat(), "type": ALERT}]
        # Decrees: the first on the day after the start, for seven days; some extended once.
        if status != EventStatus.MONITORING:
            level = EmergencyLevel.RESPONSE if bench or rng.random() < 0.7 else EmergencyLevel.ALERT
            start_day = local_start
            first = next(decree_ids)
            decrees.add(
                first, event_id, f"188.45/{event_id}/{start_day.year}", start_day + day, level, start_day,
                start_day + 6 * day, None, "", "", "", 0, staff, started + day,
            )  # fmt: skip
            log.append({"sequence": 2, "sent": (started + day).isoformat(), "type": UPDATE})
            if status == EventStatus.CLOSED and rng.random() < 0.3:
                decrees.add(
                    next(decree_ids), event_id, f"188.45/{event_id}/{start_day.year}-P", start_day + 6 * day, level,
                    start_day + 7 * day, start_day + 13 * day, first, "", "", "", 0, staff, started + 6 * day,
                )  # fmt: skip
        if ended is not None:
            log.append({"sequence": len(log) + 1, "sent": ended.isoformat(), "type": CANCEL})
        title = f"{'Banjir' if bench else 'Kejadian'} {', '.join(p['code'] for p in places)}"[:200]
        task_count = 0
        activated = started + hour
        for place in places:
            for minutes, action, role, _agency in FLOOD_STEPS:
                task_count += 1
                due = activated + datetime.timedelta(minutes=minutes)
                finished = status == EventStatus.CLOSED or (due < now and rng.random() < 0.8)
                acknowledged = (
                    max(due - datetime.timedelta(minutes=5), activated) if finished or rng.random() < 0.7 else None
                )
                tasks.add(
                    event_id, task_count, place["id"], None, None, None, action, role, None, due,
                    TaskState.DONE if finished else (TaskState.ACKNOWLEDGED if acknowledged else TaskState.OPEN),
                    acknowledged, officers.get(place["id"]) if acknowledged else None, None,
                    due if finished else None, officers.get(place["id"]) if finished else None, "", activated,
                )  # fmt: skip
        events.add(
            event_id, district["id"], number, hazard, title, "", started, ended, status, None, staff, started,
            ended, staff if ended else None, task_count, 0, log,
        )  # fmt: skip
        for place in places:
            event_kecamatan.add(event_id, place["id"])
        kecamatan_of = {pk: place["id"] for place in places for pk in desa_of.get(place["id"], [])}
        for pk in desa:
            event_desa.add(event_id, pk)
        quota = len(desa) if bench else next(report_quota)
        versions: dict[int, tuple[int, int]] = {}  # desa → (version, report id)
        for k in range(quota if desa else 0):
            desa_id = desa[k % len(desa)]
            version, previous = versions.get(desa_id, (0, None))
            report_id = next(report_ids)
            versions[desa_id] = (version + 1, report_id)
            as_of = started + (6 + k) * hour
            latest = k + len(desa) >= quota  # the last version of this desa in the quota
            state = ReportState.VERIFIED
            if not bench and status != EventStatus.CLOSED and latest:
                state = rng.choice([ReportState.VERIFIED] * 7 + [ReportState.SUBMITTED] * 2 + [ReportState.RETURNED])
            figures = [
                rng.choice([0, 0, 0, 1, 2]) if name in ("dead", "missing") else rng.randint(0, 60)
                for name in COUNT_FIELDS
            ]
            officer = officers.get(kecamatan_of[desa_id], staff)
            submitted = as_of + hour
            reports.add(
                report_id, event_id, desa_id, kecamatan_of[desa_id], version + 1, previous, as_of, *figures,
                quantize(rng.uniform(0, 3), "0.01"), "disrupted", "normal", "disrupted", "normal", rng.choice(NEEDS),
                state, officer, as_of, submitted, officer,
                submitted + hour if state == ReportState.RETURNED else None,
                "Periksa jumlah pengungsi" if state == ReportState.RETURNED else "",
                submitted + hour if state == ReportState.VERIFIED else None,
                staff if state == ReportState.VERIFIED else None,
            )  # fmt: skip
        if bench:
            ctx.manifest["event"] = event_id
    counter_rows = ctx.table(Counter, ["district", "prefix", "year", "last"])
    for (district_id, year), last in sorted(counters.items()):
        counter_rows.add(district_id, "KB", year, last)
    for table in (events, event_kecamatan, event_desa, decrees, tasks, reports, counter_rows):
        table.close()


def issue_bench_sitrep(ctx: Context) -> None:
    """The bench event's situation report, through the service (after the bulk rows are in)."""
    from .services import sitrep_issue

    event_id = ctx.manifest.get("event")
    if event_id is None:
        return
    event = Event.objects.select_related("district", "hazard").get(pk=event_id)
    staff = User.objects.get(pk=ctx.districts[0]["staff"])
    ctx.manifest["sitrep"] = sitrep_issue(event=event, by=staff, kind="awal", assessment="Laporan uji beban").pk
