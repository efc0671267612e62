"""What a situation report says, frozen, and the texts and tables made from it and from the figures.

``sitrep_data`` gathers everything a sitrep shows as of a moment into plain JSON (Indonesian
labels, whole numbers, formatted dates): the event, the decree in force, the chronology, the
verified impact by kecamatan and desa and the unverified versions beside them, the tasks, the
logistics sent and the needs. The A4 page and the WhatsApp text are both rendered from that
frozen data, so they always agree and never change after issue.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from kencana.core.exports import HXL_DESA, HXL_DISTRICT, HXL_KECAMATAN, HXL_PROVINCE
from logistics.models import Document

from .figures import EventFigures, derived
from .models import COUNT_FIELDS, EmergencyLevel, Event, EventStatus, ReportState, ServiceStatus, Sitrep, Task
from .moments import local, shown
from .selectors import chronology_of, logistics_for, task_counts

DATA_VERSION = 1
MAX_WHATSAPP_CHARS = 4000
LATE_TASKS_LISTED = 10

# Sections apps above the response phase add to every sitrep (shelters and needs): a name and a
# function of (event, as_of) returning plain JSON, or None when the event has nothing to say.
SECTIONS: dict[str, Callable[..., dict | None]] = {}


def register_section(name: str, build: Callable[..., dict | None]) -> None:
    SECTIONS[name] = build


def _totals(totals: dict) -> dict:
    full = derived(totals)
    return {name: (str(value.normalize()) if isinstance(value, Decimal) else value) for name, value in full.items()}


def _statuses(report) -> dict:
    return {
        name: str(ServiceStatus(getattr(report, name)).label)
        for name in ("access", "power", "water", "communication")
        if getattr(report, name)
    }


def _decree_at(event: Event, as_of: datetime.datetime):
    """The decree in force at the moment: the last recorded one signed by then."""
    as_of_day = local(as_of, event.district.timezone).date()
    return event.decrees.filter(signed_on__lte=as_of_day).order_by("-pk").first()


def _status_at(event: Event, decree, as_of: datetime.datetime) -> str:
    if event.ended_at is not None and event.ended_at <= as_of:
        return EventStatus.CLOSED
    return EventStatus.EMERGENCY if decree is not None else EventStatus.MONITORING


def _decree(event: Event, decree, as_of: datetime.datetime) -> dict | None:
    if decree is None:
        return None
    as_of_day = local(as_of, event.district.timezone).date()
    return {
        "number": decree.number,
        "signed_on": date_format(decree.signed_on, "j F Y"),
        "level": decree.level,
        "level_label": str(EmergencyLevel(decree.level).label),
        "period_start": date_format(decree.period_start, "j F Y"),
        "period_end": date_format(decree.period_end, "j F Y"),
        "days": decree.days,
        "days_left": (decree.period_end - as_of_day).days,
    }


def _logistics(event: Event, as_of: datetime.datetime) -> list[dict]:
    rows = []
    for document in logistics_for(event=event, until=as_of):
        lines = "; ".join(
            f"{line.item.name_id} {number_format(line.quantity.normalize(), force_grouping=True)} {line.item.unit}"
            for line in document.lines.all()
        )
        rows.append(
            {
                "number": document.number,
                "date": date_format(document.business_date, "j F Y"),
                "kind": str(Document.Kind(document.kind).label),
                "destination": document.destination_label or str(document.destination_warehouse or ""),
                "lines": lines,
            }
        )
    return rows


def sitrep_data(
    *,
    event: Event,
    figures: EventFigures,
    tasks: list[Task],
    as_of: datetime.datetime,
    number: int,
    kind: str,
    issued_by,
    assessment: str = "",
    needs_gaps: str = "",
) -> dict:
    """The sitrep's content as of ``as_of``, in Indonesian, ready to be frozen."""
    tz = event.district.timezone
    with translation.override("id"):
        counts = task_counts(tasks, at=as_of)
        late = [
            t
            for t in tasks
            if t.created_at <= as_of and t.due_at < as_of and not (t.finished_at and t.finished_at <= as_of)
        ]
        kecamatan, needs = [], []
        for group in figures.kecamatan:
            desa_rows = []
            for row in group.desa:
                report = row.verified
                if report is not None and report.urgent_needs:
                    needs.append(
                        {"desa": row.desa.name, "kecamatan": group.kecamatan.name, "text": report.urgent_needs}
                    )
                desa_rows.append(
                    {
                        "code": row.desa.code,
                        "name": row.desa.name,
                        "as_of": shown(report.as_of, tz) if report else "",
                        "totals": _totals({n: getattr(report, n) for n in (*COUNT_FIELDS, "roads_km")})
                        if report
                        else None,
                        "services": _statuses(report) if report else {},
                    }
                )
            kecamatan.append(
                {
                    "code": group.kecamatan.code,
                    "name": group.kecamatan.name,
                    "totals": _totals(group.verified),
                    "desa": desa_rows,
                }
            )
        unverified = [
            {
                "code": row.desa.code,
                "name": row.desa.name,
                "kecamatan": row.desa.kecamatan.name,
                "state": row.pending_state,
                "state_label": str(ReportState(row.pending_state).label),
                "as_of": shown(row.pending.as_of, tz),
                "totals": _totals({n: getattr(row.pending, n) for n in (*COUNT_FIELDS, "roads_km")})
                if row.pending_submitted
                else None,
            }
            for row in figures.pending
        ]
        decree = _decree_at(event, as_of)
        sections = {name: build(event=event, as_of=as_of) for name, build in SECTIONS.items()}
        return {
            **sections,
            "version": DATA_VERSION,
            "number": number,
            "kind": kind,
            "kind_label": str(Sitrep.Kind(kind).label),
            "district": event.district.display_name,
            "event": {
                "number": event.number,
                "title": event.title,
                "hazard": event.hazard.name_id,
                "started": shown(event.started_at, tz),
                "ended": shown(event.ended_at, tz) if event.ended_at and event.ended_at <= as_of else "",
                "status": str(EventStatus(_status_at(event, decree, as_of)).label),
                "description": event.description,
                "kecamatan": list(event.kecamatan.order_by("code").values_list("name", flat=True)),
            },
            "as_of": shown(as_of, tz),
            "timezone": event.district.get_timezone_display().split(" ")[0],
            "issued": shown(timezone.now(), tz),
            "issued_by": issued_by.get_full_name() or issued_by.username,
            "issued_by_title": issued_by.job_title,
            "decree": _decree(event, decree, as_of),
            "chronology": [{"at": shown(e.at, tz), "text": e.text} for e in chronology_of(event, until=as_of)],
            "totals": _totals(figures.verified),
            "kecamatan": kecamatan,
            "unverified": unverified,
            "tasks": {
                "total": counts.total,
                "done": counts.done,
                "not_possible": counts.not_possible,
                "late": counts.late,
                "unacknowledged": counts.unacknowledged,
                "late_list": [
                    {
                        "number": t.number,
                        "title": t.title,
                        "kecamatan": t.kecamatan.name if t.kecamatan_id else "",
                        "due": shown(t.due_at, tz),
                    }
                    for t in sorted(late, key=lambda t: t.due_at)[:LATE_TASKS_LISTED]
                ],
            },
            "logistics": _logistics(event, as_of),
            "needs": needs,
            "needs_gaps": needs_gaps,
            "assessment": assessment,
        }


# --- The WhatsApp text ---------------------------------------------------------------------------


def _n(value) -> str:
    if isinstance(value, str):
        value = Decimal(value)
    return number_format(value, force_grouping=True)


def _people(t: dict) -> str:
    return _(
        "dead %(dead)s · missing %(missing)s · injured %(injured)s · displaced %(displaced)s (%(hh)s households)"
    ) % {
        "dead": _n(t["dead"]),
        "missing": _n(t["missing"]),
        "injured": _n(t["injured"]),
        "displaced": _n(t["displaced"]),
        "hh": _n(t["displaced_households"]),
    }


def _short(t: dict) -> str:
    return _("D %(dead)s, M %(missing)s, I %(injured)s, DP %(displaced)s, HH %(heavy)s") % {
        "dead": _n(t["dead"]),
        "missing": _n(t["missing"]),
        "injured": _n(t["injured"]),
        "displaced": _n(t["displaced"]),
        "heavy": _n(t["houses_heavy"]),
    }


def _listed(items: list[str], cap: int) -> list[str]:
    if len(items) <= cap:
        return items
    return [*items[:cap], _("… and %(count)s more") % {"count": len(items) - cap}]


def _shelters_line(shelters: dict) -> str:
    return _(
        "%(sites)s sites: %(people)s people (%(hh)s households), children %(children)s, elderly %(elderly)s; "
        "shortfall for %(days)s days (%(profile)s):"
    ) % {
        "sites": _n(shelters["sites_count"]),
        "people": _n(shelters["people"]),
        "hh": _n(shelters["households"]),
        "children": _n(shelters["groups"]["children"]),
        "elderly": _n(shelters["groups"]["elderly"]),
        "days": shelters["days"],
        "profile": shelters["profile"],
    }


def whatsapp_text(data: dict) -> str:
    """The sitrep as a message for a WhatsApp group: short lines, bold headings, at most
    ``MAX_WHATSAPP_CHARS`` characters (long lists are cut to their first entries)."""
    with translation.override("id"):
        for cap in (50, 20, 10, 5, 3, 0):
            text = _whatsapp(data, cap)
            if len(text) <= MAX_WHATSAPP_CHARS:
                return text
        return text[: MAX_WHATSAPP_CHARS - 1] + "…"


def bold(text: str) -> str:
    """WhatsApp's bold: the text between asterisks."""
    return f"*{text}*"


def _whatsapp(data: dict, cap: int) -> str:
    event, totals, tz = data["event"], data["totals"], data["timezone"]
    lines = [
        bold(
            _("SITUATION REPORT %(hazard)s — %(number)s")
            % {"hazard": event["hazard"].upper(), "number": event["number"]}
        ),
        _("%(kind)s no. %(number)s") % {"kind": data["kind_label"], "number": data["number"]},
        f"BPBD {data['district']}",
        _("Data as of %(when)s %(tz)s") % {"when": data["as_of"], "tz": tz},
        "",
        bold(_("Event")),
        _("%(title)s since %(start)s %(tz)s") % {"title": event["title"], "start": event["started"], "tz": tz},
    ]
    decree = data["decree"]
    if decree:
        lines.append(
            _("Status: %(level)s until %(end)s (decree %(number)s)")
            % {"level": decree["level_label"], "end": decree["period_end"], "number": decree["number"]}
        )
    else:
        lines.append(_("Status: %(status)s") % {"status": event["status"]})
    if event["ended"]:
        lines.append(_("Ended %(when)s %(tz)s") % {"when": event["ended"], "tz": tz})
    lines += [
        "",
        bold(_("Impact (verified)")),
        _people(totals),
        _("Houses damaged: heavy %(heavy)s, moderate %(moderate)s, light %(light)s")
        % {
            "heavy": _n(totals["houses_heavy"]),
            "moderate": _n(totals["houses_moderate"]),
            "light": _n(totals["houses_light"]),
        },
        _(
            "Facilities damaged: schools %(schools)s, health %(health)s, worship %(worship)s, bridges %(bridges)s, roads %(roads)s km"
        )
        % {
            "schools": _n(totals["schools"]),
            "health": _n(totals["health_facilities"]),
            "worship": _n(totals["worship_places"]),
            "bridges": _n(totals["bridges"]),
            "roads": _n(totals["roads_km"]),
        },
    ]
    if data["kecamatan"]:
        lines += ["", bold(_("By kecamatan"))]
        lines += _listed([f"- {k['name']}: {_short(k['totals'])}" for k in data["kecamatan"]], max(cap, 3))
        lines.append(_("(D dead, M missing, I injured, DP displaced people, HH houses heavily damaged)"))
    if data["unverified"]:
        lines += ["", bold(_("Not yet verified"))]
        rows = []
        for row in data["unverified"]:
            detail = _short(row["totals"]) if row["totals"] else row["state_label"].lower()
            rows.append(f"- {row['name']} ({row['kecamatan']}): {detail}")
        lines += _listed(rows, cap)
    tasks = data["tasks"]
    lines += [
        "",
        bold(_("Actions taken")),
        _("Tasks: %(done)s done, %(late)s late, of %(total)s")
        % {"done": tasks["done"], "late": tasks["late"], "total": tasks["total"]},
    ]
    late = _("late")
    lines += _listed([f"- {late}: #{t['number']} {t['title']}" for t in tasks["late_list"]], min(cap, 5))
    if data["logistics"]:
        lines.append(_("Logistics sent:"))
        lines += _listed([f"- {d['number']} ({d['date']}): {d['lines']}" for d in data["logistics"]], cap)
    shelters = data.get("shelters")
    if shelters:
        lines += ["", bold(_("Shelters")), _shelters_line(shelters)]
        lines += _listed([f"- {r['item']}: {_n(r['shortfall'])} {r['unit']}" for r in shelters["shortfalls"]], cap)
    if data["needs"] or data["needs_gaps"]:
        lines += ["", bold(_("Needs and gaps"))]
        lines += _listed([f"- {n['desa']}: {n['text']}" for n in data["needs"]], cap)
        if data["needs_gaps"]:
            lines.append(data["needs_gaps"])
    if data["assessment"]:
        lines += ["", bold(_("Assessment")), data["assessment"]]
    lines += [
        "",
        _("Issued %(when)s by %(who)s, BPBD %(district)s")
        % {"when": data["issued"], "who": data["issued_by"], "district": data["district"]},
    ]
    return "\n".join(lines).strip()


# --- Exports: HXL and the BNPB disaster database --------------------------------------------------

HXL_COLUMNS = [
    *HXL_PROVINCE,
    *HXL_DISTRICT,
    *HXL_KECAMATAN,
    *HXL_DESA,
    (gettext_lazy("Figures as of"), "#date+reported"),
    (gettext_lazy("Verification"), "#status"),
    (gettext_lazy("Dead"), "#affected+killed"),
    (pgettext_lazy("person", "Missing"), "#affected+missing"),
    (gettext_lazy("Injured"), "#affected+injured"),
    (gettext_lazy("Injured (severe)"), "#affected+injured+severe"),
    (gettext_lazy("Injured (light)"), "#affected+injured+light"),
    (gettext_lazy("Displaced (people)"), "#affected+displaced+ind"),
    (gettext_lazy("Displaced (households)"), "#affected+displaced+hh"),
    (gettext_lazy("In shelters (people)"), "#affected+displaced+ind+shelter"),
    (gettext_lazy("With host families (people)"), "#affected+displaced+ind+host"),
    (gettext_lazy("Houses heavily damaged"), "#impact+houses+heavy"),
    (gettext_lazy("Houses moderately damaged"), "#impact+houses+moderate"),
    (gettext_lazy("Houses lightly damaged"), "#impact+houses+light"),
    (gettext_lazy("Schools damaged"), "#impact+schools"),
    (gettext_lazy("Health facilities damaged"), "#impact+health"),
    (gettext_lazy("Places of worship damaged"), "#impact+worship"),
    (gettext_lazy("Bridges damaged"), "#impact+bridges"),
    (gettext_lazy("Roads damaged (km)"), "#impact+roads+km"),
    (gettext_lazy("Urgent needs"), "#needs+description"),
]


def _figure_row(report) -> list:
    return [
        report.dead,
        report.missing,
        report.injured,
        report.injured_severe,
        report.injured_light,
        report.displaced,
        report.displaced_shelter_households + report.displaced_host_households,
        report.displaced_shelter_people,
        report.displaced_host_people,
        report.houses_heavy,
        report.houses_moderate,
        report.houses_light,
        report.schools,
        report.health_facilities,
        report.worship_places,
        report.bridges,
        report.roads_km,
        report.urgent_needs,
    ]


def hxl_rows(*, event: Event, figures: EventFigures) -> tuple[list[str], list[list]]:
    """Headers and rows of the impact per desa: the HXL hashtag row first, then one row per desa
    with its verified figures, and a row marked unverified for a newer submitted version."""
    tz = event.district.timezone
    district = event.district
    province = district.code.split(".")[0]
    rows = [[tag for _label, tag in HXL_COLUMNS]]
    for group in figures.kecamatan:
        for row in group.desa:
            place = [
                province,
                district.code,
                district.name,
                group.kecamatan.code,
                group.kecamatan.name,
                row.desa.code,
                row.desa.name,
            ]
            if row.verified is not None:
                rows.append(
                    [
                        *place,
                        local(row.verified.as_of, tz).isoformat(timespec="minutes"),
                        "verified",
                        *_figure_row(row.verified),
                    ]
                )
            if row.pending_submitted:
                rows.append(
                    [
                        *place,
                        local(row.pending.as_of, tz).isoformat(timespec="minutes"),
                        "unverified",
                        *_figure_row(row.pending),
                    ]
                )
    return [str(label) for label, _tag in HXL_COLUMNS], rows


DIBI_COLUMNS = [
    "id_kejadian",
    "tanggal",
    "kejadian",
    "kode_provinsi",
    "kode_kabupaten",
    "kode_kecamatan",
    "kode_desa",
    "meninggal",
    "hilang",
    "terluka",
    "mengungsi",
    "rumah_rusak_berat",
    "rumah_rusak_sedang",
    "rumah_rusak_ringan",
    "fasilitas_pendidikan",
    "fasilitas_kesehatan",
    "fasilitas_peribadatan",
    "jembatan",
    "jalan_km",
    "keterangan",
]


def dibi_rows(*, event: Event, figures: EventFigures) -> list[list]:
    """One record per desa in the shape of the BNPB disaster database (DIBI), keyed by Kemendagri
    codes, with the verified figures only."""
    tz = event.district.timezone
    started = local(event.started_at, tz).date().isoformat()
    province = event.district.code.split(".")[0]
    rows = []
    for group in figures.kecamatan:
        for row in group.desa:
            report = row.verified
            if report is None:
                continue
            rows.append(
                [
                    event.number,
                    started,
                    event.hazard.name_id,
                    province,
                    event.district.code,
                    group.kecamatan.code,
                    row.desa.code,
                    report.dead,
                    report.missing,
                    report.injured,
                    report.displaced,
                    report.houses_heavy,
                    report.houses_moderate,
                    report.houses_light,
                    report.schools,
                    report.health_facilities,
                    report.worship_places,
                    report.bridges,
                    report.roads_km,
                    report.urgent_needs,
                ]
            )
    return rows
