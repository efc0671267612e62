"""The impact figures of an event as of a moment: per desa, per kecamatan and for the district.

A desa's figures at a moment are those of its latest version verified by then. A newer
version that was submitted but not yet verified then is *pending*: shown beside, marked, and
counted only in the totals "with unverified figures". The event page, the map, the dashboard,
the exports and the situation reports all read their numbers from here, so they agree.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from .models import COUNT_FIELDS, FIGURE_FIELDS, ImpactReport, ReportState


def empty_totals() -> dict:
    return {name: Decimal(0) if name == "roads_km" else 0 for name in FIGURE_FIELDS}


def add(totals: dict, report: ImpactReport | None) -> None:
    if report is None:
        return
    for name in FIGURE_FIELDS:
        totals[name] += getattr(report, name)


def derived(totals: dict) -> dict:
    """The totals with the sums people ask for first: injured and displaced."""
    return {
        **totals,
        "injured": totals["injured_severe"] + totals["injured_light"],
        "displaced": totals["displaced_shelter_people"] + totals["displaced_host_people"],
        "displaced_households": totals["displaced_shelter_households"] + totals["displaced_host_households"],
    }


def state_at(report: ImpactReport, moment: datetime.datetime) -> str:
    """The report's state at ``moment``, from the times it keeps (draft when not yet submitted)."""
    if report.verified_at is not None and report.verified_at <= moment:
        return ReportState.VERIFIED
    if report.submitted_at is None or report.submitted_at > moment:
        # A resubmission after the moment hides an earlier one: the report was returned then.
        return ReportState.RETURNED if report.returned_at and report.returned_at <= moment else ReportState.DRAFT
    if report.returned_at is not None and report.submitted_at < report.returned_at <= moment:
        return ReportState.RETURNED
    return ReportState.SUBMITTED


@dataclass
class DesaFigures:
    desa: object
    verified: ImpactReport | None = None
    pending: ImpactReport | None = None  # a newer version, submitted or returned, not verified at the moment
    pending_state: str = ""

    @property
    def pending_submitted(self) -> bool:
        return self.pending is not None and self.pending_state == ReportState.SUBMITTED


@dataclass
class KecamatanFigures:
    kecamatan: object
    desa: list[DesaFigures] = field(default_factory=list)
    verified: dict = field(default_factory=empty_totals)
    with_submitted: dict = field(default_factory=empty_totals)


@dataclass
class EventFigures:
    as_of: datetime.datetime
    kecamatan: list[KecamatanFigures]
    verified: dict
    with_submitted: dict

    @property
    def pending(self) -> list[DesaFigures]:
        return [d for k in self.kecamatan for d in k.desa if d.pending is not None]

    @property
    def has_unverified(self) -> bool:
        return any(d.pending_submitted for k in self.kecamatan for d in k.desa)

    def by_kecamatan_id(self) -> dict[int, KecamatanFigures]:
        return {k.kecamatan.pk: k for k in self.kecamatan}


def event_figures(*, reports, desa, as_of: datetime.datetime) -> EventFigures:
    """Figures from every version of the event's reports in scope (with ``desa`` and ``kecamatan``
    loaded) and the event's desa in scope (listed even before any report)."""
    by_desa: dict[int, DesaFigures] = {d.pk: DesaFigures(desa=d) for d in desa}
    for report in sorted(reports, key=lambda r: (r.as_of, r.version)):
        if report.as_of > as_of:
            continue
        row = by_desa.setdefault(report.desa_id, DesaFigures(desa=report.desa))
        state = state_at(report, as_of)
        if state == ReportState.VERIFIED:
            row.verified, row.pending, row.pending_state = report, None, ""
        elif state in (ReportState.SUBMITTED, ReportState.RETURNED):
            row.pending, row.pending_state = report, state
    kecamatan: dict[int, KecamatanFigures] = {}
    for row in sorted(by_desa.values(), key=lambda r: r.desa.code):
        k = row.desa.kecamatan
        group = kecamatan.setdefault(k.pk, KecamatanFigures(kecamatan=k))
        group.desa.append(row)
        add(group.verified, row.verified)
        add(group.with_submitted, row.pending if row.pending_submitted else row.verified)
    groups = sorted(kecamatan.values(), key=lambda g: g.kecamatan.code)
    verified, with_submitted = empty_totals(), empty_totals()
    for group in groups:
        for name in FIGURE_FIELDS:
            verified[name] += group.verified[name]
            with_submitted[name] += group.with_submitted[name]
    return EventFigures(as_of=as_of, kecamatan=groups, verified=verified, with_submitted=with_submitted)


def headline(totals: dict) -> dict:
    """The few figures a tooltip or a dashboard row shows."""
    full = derived(totals)
    return {name: full[name] for name in ("dead", "missing", "injured", "displaced", "houses_heavy")}


def desa_counts_by_event(reports) -> dict[int, dict]:
    """Verified headline figures per event from each desa's latest verified version (for lists)."""
    latest: dict[tuple[int, int], ImpactReport] = {}
    for report in reports:
        key = (report.event_id, report.desa_id)
        if key not in latest or (report.as_of, report.version) > (latest[key].as_of, latest[key].version):
            latest[key] = report
    totals: dict[int, dict] = defaultdict(empty_totals)
    for (event_id, _desa), report in latest.items():
        add(totals[event_id], report)
    return {event_id: headline(t) for event_id, t in totals.items()}


__all__ = ["COUNT_FIELDS", "DesaFigures", "EventFigures", "KecamatanFigures", "event_figures", "headline"]
