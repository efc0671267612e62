"""Readiness in the synthetic country: each district's published template (the demo's
indicators, extended to the asked number), a quarterly assignment, and a report per
kecamatan and quarter with every answer, scored by the real scoring code."""

import datetime
from decimal import Decimal

from kecamatan.models import Hazard
from kencana.core.synthetic import Context
from kencana.library.models import VersionState

from .demo import SECTIONS, TEMPLATE_NAME, THRESHOLDS, answer_values
from .models import (
    Answer,
    AnswerType,
    Assignment,
    Indicator,
    PeriodType,
    Report,
    ReportState,
    Section,
    Template,
    TemplateVersion,
    TierThreshold,
    Verdict,
)
from .periods import deadline_end, period_bounds, previous_period_start
from .scoring import answer_points, score
from .tiers import tier_for

DUE_DAYS, CLOSE_DAYS = 15, 45
PAST_STATES = [(ReportState.VERIFIED, 0.85), (ReportState.SUBMITTED, 0.04), (ReportState.RETURNED, 0.03)]
CURRENT_STATES = [(ReportState.DRAFT, 0.25), (ReportState.SUBMITTED, 0.2), (ReportState.VERIFIED, 0.1)]


def indicator_specs(count: int) -> list[dict]:
    """The demo template's indicators, repeated with follow-up codes up to ``count``."""
    base = [
        {
            "section": s,
            "code": code,
            "text_id": text_id,
            "text_en": text_en,
            "kind": kind,
            "spec": spec,
            "weight": Decimal(weight),
            "evidence": evidence,
            "hazards": hazards,
        }
        for s, (_title, _title_en, rows) in enumerate(SECTIONS)
        for code, text_id, text_en, (kind, spec), weight, evidence, hazards in rows
    ]
    specs = list(base[:count])
    round_ = 1
    while len(specs) < count:
        for spec in base:
            if len(specs) == count:
                break
            specs.append(
                {
                    **spec,
                    "code": f"{spec['code']}-{round_}",
                    "text_id": f"{spec['text_id']} (pemantauan lanjutan {round_})",
                    "text_en": f"{spec['text_en']} (follow-up {round_})",
                    "evidence": False,
                }
            )
        round_ += 1
    return sorted(specs, key=lambda s: s["section"])


def _pick(rng, weighted: list[tuple[str, float]]) -> str | None:
    roll = rng.random()
    for state, share in weighted:
        if roll < share:
            return state
        roll -= share
    return None


def seed_readiness(ctx: Context) -> None:
    rng, sizes = ctx.rng, ctx.sizes
    specs = indicator_specs(sizes.indicators)
    hazards = dict(Hazard.objects.values_list("code", "pk"))
    n = len(ctx.districts)
    template_ids, version_ids, assignment_ids = (
        ctx.ids(Template, n),
        ctx.ids(TemplateVersion, n),
        ctx.ids(Assignment, n),
    )
    section_ids = iter(ctx.ids(Section, n * len(SECTIONS)))
    indicator_ids = iter(ctx.ids(Indicator, n * len(specs)))
    starts = [period_bounds(PeriodType.QUARTER, ctx.today)[0]]
    for _n in range(sizes.periods - 1):
        starts.insert(0, previous_period_start(PeriodType.QUARTER, starts[0]))
    report_ids = iter(ctx.ids(Report, len(ctx.kecamatan) * len(starts)))

    templates = ctx.table(
        Template,
        ["id", "district", "name", "description", "shared_with_partners", "created_at", "created_by", "unit_kind"],
    )
    versions = ctx.table(
        TemplateVersion,
        [
            "id",
            "template",
            "number",
            "state",
            "notes",
            "created_at",
            "created_by",
            "published_at",
            "published_by",
            "weak_below",
        ],
    )
    thresholds = ctx.table(TierThreshold, ["version", "name", "lower_bound"])
    sections = ctx.table(Section, ["id", "version", "title", "title_en", "position"])
    indicators = ctx.table(
        Indicator,
        [
            "id",
            "version",
            "section",
            "code",
            "text_id",
            "text_en",
            "answer_type",
            "choices",
            "target",
            "unit",
            "weight",
            "evidence_required",
            "guidance",
            "position",
            "computed",
        ],
    )
    indicator_hazards = ctx.table(Indicator.hazards.through, ["indicator", "hazard"])
    assignments = ctx.table(
        Assignment,
        [
            "id",
            "district",
            "version",
            "period_type",
            "starts_on",
            "due_days",
            "close_days",
            "active",
            "created_at",
            "created_by",
        ],
    )
    assigned = ctx.table(Assignment.kecamatan.through, ["assignment", "kecamatan"])
    reports = ctx.table(
        Report,
        [
            "id",
            "assignment",
            "version",
            "kecamatan",
            "period_type",
            "period_start",
            "period_end",
            "due_on",
            "closes_on",
            "state",
            "first_submitted_at",
            "submitted_at",
            "submitted_by",
            "verified_at",
            "verified_by",
            "returned_at",
            "return_note",
            "reopened_at",
            "reopen_reason",
            "score",
            "tier",
            "section_scores",
            "created_at",
            "updated_at",
        ],
    )
    answers = ctx.table(
        Answer,
        [
            "report",
            "indicator",
            "yes",
            "number",
            "choice",
            "points",
            "comment",
            "verdict",
            "review_note",
            "reviewed_by",
            "reviewed_at",
            "updated_by",
            "updated_at",
            "source_figures",
        ],
    )
    hour = datetime.timedelta(hours=1)

    for d_index, (district, template_id, version_id, assignment_id) in enumerate(
        zip(ctx.districts, template_ids, version_ids, assignment_ids, strict=True)
    ):
        admin, staff = district["admin"], district["staff"]
        published = ctx.now - datetime.timedelta(days=900)
        templates.add(
            template_id, district["id"], TEMPLATE_NAME, "Instrumen sintetis.", False, published, admin, "kecamatan"
        )
        versions.add(
            version_id,
            template_id,
            1,
            VersionState.PUBLISHED,
            "Versi pertama.",
            published,
            admin,
            published,
            admin,
            Decimal(50),
        )
        thresholds.extend((version_id, name, bound) for name, bound in THRESHOLDS)
        section_objects = []
        for position, (title, title_en, _rows) in enumerate(SECTIONS, start=1):
            section = Section(
                pk=next(section_ids), version_id=version_id, title=title, title_en=title_en, position=position
            )
            sections.add(section.pk, version_id, title, title_en, position)
            section_objects.append(section)
        district_indicators = []
        for position, spec in enumerate(specs, start=1):
            kind, detail = spec["kind"], spec["spec"]
            target, unit = detail if kind == AnswerType.NUMBER else (None, "")
            choices = detail if kind in (AnswerType.SCALE, AnswerType.CHOICE) else []
            indicator = Indicator(
                pk=next(indicator_ids),
                version_id=version_id,
                section=section_objects[spec["section"]],
                code=spec["code"],
                answer_type=kind,
                choices=choices,
                target=target,
                weight=spec["weight"],
            )
            indicator.hazard_ids = {hazards[c] for c in spec["hazards"] if c in hazards}
            indicators.add(
                indicator.pk,
                version_id,
                indicator.section.pk,
                spec["code"],
                spec["text_id"],
                spec["text_en"],
                kind,
                choices,
                target,
                unit,
                spec["weight"],
                spec["evidence"],
                "",
                position,
                "",
            )
            indicator_hazards.extend((indicator.pk, h) for h in indicator.hazard_ids)
            district_indicators.append(indicator)
        assignments.add(
            assignment_id,
            district["id"],
            version_id,
            PeriodType.QUARTER,
            starts[0],
            DUE_DAYS,
            CLOSE_DAYS,
            True,
            published,
            admin,
        )
        tz = district["timezone"]
        for k_index, kecamatan in enumerate(district["kecamatan"]):
            assigned.add(assignment_id, kecamatan["id"])
            faced = set(kecamatan.get("hazards", []))
            applicable = [i for i in district_indicators if not i.hazard_ids or i.hazard_ids & faced]
            ability = rng.uniform(0.3, 0.85)
            for p_index, start in enumerate(starts):
                report_id = next(report_ids)
                current = p_index == len(starts) - 1
                state = _pick(rng, CURRENT_STATES if current else PAST_STATES)
                if d_index == 0 and k_index == 0 and current:
                    state = ReportState.DRAFT  # the officer's open form, named in the manifest
                    ctx.manifest["report"] = report_id
                if state is None:
                    continue
                end = period_bounds(PeriodType.QUARTER, start)[1]
                due, closes = end + datetime.timedelta(days=DUE_DAYS), end + datetime.timedelta(days=CLOSE_DAYS)
                share = min(0.98, ability + 0.03 * p_index)
                officer = kecamatan["officer"]
                submitted = verified = returned = None
                if state != ReportState.DRAFT:
                    late = rng.random() < 0.2
                    submitted = deadline_end(due, tz) + datetime.timedelta(days=3 if late else -rng.randint(1, 12))
                    submitted = min(submitted, ctx.now - 2 * hour)
                if state == ReportState.VERIFIED:
                    verified = min(submitted + datetime.timedelta(days=rng.randint(1, 10)), ctx.now - hour)
                if state == ReportState.RETURNED:
                    returned = min(submitted + datetime.timedelta(days=3), ctx.now - hour)
                created = datetime.datetime.combine(start, datetime.time(2), tzinfo=datetime.UTC) + datetime.timedelta(
                    days=rng.randint(10, 80)
                )
                created = min(created, ctx.now - 3 * hour)
                answered = applicable if state != ReportState.DRAFT else applicable[: len(applicable) * 2 // 3]
                rows = []
                for indicator in answered:
                    values = answer_values(indicator, share, rng)
                    yes, number, choice = values["yes"], values["number"], values["choice"]
                    rows.append(
                        (
                            indicator,
                            yes,
                            number,
                            choice,
                            answer_points(indicator, yes=yes, number=number, choice=choice),
                        )
                    )
                weakest = min(range(len(rows)), key=lambda i: rows[i][4]) if state == ReportState.RETURNED else -1
                for i, (indicator, yes, number, choice, points) in enumerate(rows):
                    verdict = Verdict.ACCEPTED if state == ReportState.VERIFIED else ""
                    note, reviewer, reviewed_at = "", None, None
                    if verified:
                        reviewer, reviewed_at = staff, verified
                    if i == weakest:
                        verdict, note, reviewer, reviewed_at = (
                            Verdict.NEEDS_REVISION,
                            "Bukti belum sesuai.",
                            staff,
                            returned,
                        )
                    answers.add(
                        report_id,
                        indicator.pk,
                        yes,
                        number,
                        choice,
                        points,
                        "",
                        verdict,
                        note,
                        reviewer,
                        reviewed_at,
                        officer,
                        created,
                        {},
                    )
                total = tier = None
                section_scores = []
                if state != ReportState.DRAFT:
                    total, parts = score(applicable, [_Points(r[0].pk, r[4]) for r in rows])
                    tier = tier_for(total, THRESHOLDS)
                    section_scores = [s.as_json() for s in parts]
                reports.add(
                    report_id,
                    assignment_id,
                    version_id,
                    kecamatan["id"],
                    PeriodType.QUARTER,
                    start,
                    end,
                    due,
                    closes,
                    state,
                    submitted,
                    submitted,
                    officer if submitted else None,
                    verified,
                    staff if verified else None,
                    returned,
                    "Lengkapi bukti gladi evakuasi." if returned else "",
                    None,
                    "",
                    total,
                    tier or "",
                    section_scores,
                    created,
                    verified or returned or submitted or created,
                )
        if d_index % 50 == 49:
            ctx.say(f"    readiness: {d_index + 1:,} / {n:,} districts")
    for table in (
        templates,
        versions,
        thresholds,
        sections,
        indicators,
        indicator_hazards,
        assignments,
        assigned,
        reports,
        answers,
    ):
        table.close()


class _Points:
    __slots__ = ("indicator_id", "points")

    def __init__(self, indicator_id: int, points: Decimal | None):
        self.indicator_id, self.points = indicator_id, points
