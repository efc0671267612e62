"""Two or more districts' readiness side by side, per section of a template they share.

Districts share a template when theirs descend from the same one in the library (adopted from
it, or the one itself: ``source_template`` followed to its start). For each chosen district the
comparison reads every kecamatan's latest verified report of that lineage, up to a period (the
chosen one, or each district's current one), and gives per section the mean score over those
kecamatan and how many they are, and the tier mix. A district whose kecamatan report on no
template of the lineage is named as such, never dropped in silence. Sections are matched by
their title, as adopted copies keep them.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import OuterRef, Subquery
from django.http import Http404

from kecamatan.models import District
from kencana.accounts.scope import districts_for, kecamatan_for
from kencana.core.clock import local_today

from .models import ReportState, Template, TierThreshold, UnitKind
from .periods import period_bounds, period_label
from .selectors import report_list


@dataclass
class SectionCell:
    """One district's figure for one section: the mean score and how many kecamatan it is over."""

    mean: Decimal | None
    kecamatan: int


@dataclass
class DistrictColumn:
    district: District
    template_names: list[str]
    as_of: datetime.date | None
    as_of_label: str
    kecamatan_total: int
    covered: int  # kecamatan with a verified report of the lineage up to ``as_of``
    tiers: Counter = field(default_factory=Counter)
    sections: dict[str, SectionCell] = field(default_factory=dict)


@dataclass
class Lineage:
    """A shared template: its first template (the one the others were adopted from) and the
    chosen districts that use it."""

    root: Template
    district_ids: set[int]


@dataclass
class Comparison:
    districts: list[District]
    lineages: list[Lineage]
    lineage: Lineage | None
    columns: list[DistrictColumn]
    without: list[District]  # chosen districts that did not adopt the lineage
    sections: list[str]
    tiers: list[str]
    periods: list[tuple[datetime.date, str]]  # the periods one may compare as of, newest first

    def rows(self) -> list[tuple[str, list[SectionCell]]]:
        """Per section, each district's cell (in the order of ``columns``)."""
        return [(title, [c.sections.get(title, SectionCell(None, 0)) for c in self.columns]) for title in self.sections]

    def tier_rows(self) -> list[tuple[str, list[int]]]:
        return [(tier, [c.tiers.get(tier, 0) for c in self.columns]) for tier in self.tiers]


def districts_asked(*, user, codes: list[str]) -> list[District]:
    """The districts of ``codes`` in the user's scope, in the order asked; a 404 when one is not."""
    found = {
        d.code: d
        for d in districts_for(user).filter(code__in=codes).only("pk", "code", "name", "kind", "timezone", "province")
    }
    if len(found) != len(set(codes)):
        raise Http404
    return [found[code] for code in dict.fromkeys(codes)]


def district_choices(*, user) -> list[District]:
    """The districts one may put side by side."""
    return list(districts_for(user).only("pk", "code", "name", "kind").order_by("code"))


def _roots(templates) -> dict[int, int]:
    """Each template's lineage root id: ``source_template`` followed while it is known."""
    parents = dict(Template.objects.values_list("pk", "source_template_id"))
    roots = {}
    for pk in templates:
        seen, current = {pk}, pk
        while parents.get(current) and parents[current] not in seen:
            current = parents[current]
            seen.add(current)
        roots[pk] = current
    return roots


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def compare_districts(
    *, user, districts: list[District], template: int | None = None, period: datetime.date | None = None
) -> Comparison:
    """The comparison of ``districts`` (already read through the user's scope) on the lineage
    whose root is ``template`` (the one most of them share when None or unknown), as of
    ``period`` (each district's current period when None)."""
    ids = [d.pk for d in districts]
    reports = (
        report_list(user=user)
        .kecamatan_units()
        .filter(kecamatan__district_id__in=ids, version__template__unit_kind=UnitKind.KECAMATAN)
    )
    used_by: dict[int, set[int]] = defaultdict(set)  # template id → the districts reporting on it
    for template_id, district_id in reports.values_list("version__template_id", "kecamatan__district_id").distinct():
        used_by[template_id].add(district_id)
    roots = _roots(used_by)
    by_root: dict[int, set[int]] = defaultdict(set)
    for template_id, district_ids in used_by.items():
        by_root[roots[template_id]] |= district_ids
    named = Template.objects.select_related("district").in_bulk([*by_root, *used_by])
    lineages = sorted(
        (Lineage(root=named[pk], district_ids=d) for pk, d in by_root.items()),
        key=lambda lineage: (-len(lineage.district_ids), lineage.root.name, lineage.root.pk),
    )
    lineage = next((x for x in lineages if x.root.pk == template), lineages[0] if lineages else None)
    if lineage is None:
        return Comparison(districts, [], None, [], list(districts), [], [], [])
    members = [pk for pk, root in roots.items() if root == lineage.root.pk]
    verified = reports.filter(version__template_id__in=members, state=ReportState.VERIFIED)
    periods = sorted(set(verified.values_list("period_type", "period_start")), key=lambda p: p[1], reverse=True)
    newest = verified.filter(kecamatan=OuterRef("kecamatan"))
    if period is not None:
        newest = newest.filter(period_start__lte=period)
    latest = verified.filter(pk=Subquery(newest.order_by("-period_start", "-pk").values("pk")[:1]))
    by_district: dict[int, list[dict]] = defaultdict(list)
    for row in latest.order_by("kecamatan__code").values(
        "kecamatan__district_id", "tier", "section_scores", "period_type", "version__template_id"
    ):
        by_district[row["kecamatan__district_id"]].append(row)
    totals = Counter(kecamatan_for(user).filter(district_id__in=ids).values_list("district_id", flat=True))
    columns, without, titles = [], [], []
    for district in districts:
        if district.pk not in lineage.district_ids:
            without.append(district)
            continue
        found = by_district.get(district.pk, [])
        as_of, label = _as_of(district, period, found, periods)
        scores: dict[str, list[Decimal]] = defaultdict(list)
        for row in found:
            for section in row["section_scores"]:
                scores[section["title"]].append(Decimal(section["score"]))
                if section["title"] not in titles:
                    titles.append(section["title"])
        own = [named[pk].name for pk in members if district.pk in used_by.get(pk, ())]
        columns.append(
            DistrictColumn(
                district=district,
                template_names=sorted(set(own)),
                as_of=as_of,
                as_of_label=label,
                kecamatan_total=totals.get(district.pk, 0),
                covered=len(found),
                tiers=Counter(row["tier"] for row in found if row["tier"]),
                sections={title: SectionCell(_mean(values), len(values)) for title, values in scores.items()},
            )
        )
    tiers = list(
        dict.fromkeys(
            TierThreshold.objects.filter(version__template_id__in=members)
            .order_by("lower_bound", "name")
            .values_list("name", flat=True)
        )
    )
    tiers += [t for c in columns for t in c.tiers if t not in tiers]
    choices = list(dict((start, period_label(kind, start)) for kind, start in periods).items())
    return Comparison(districts, lineages, lineage, columns, without, titles, tiers, choices)


def _as_of(district: District, period, found: list[dict], periods) -> tuple[datetime.date | None, str]:
    """The period the district's figures are read up to (the chosen one, or the district's
    current one), and its label."""
    kind = found[0]["period_type"] if found else (periods[0][0] if periods else None)
    if kind is None:
        return period, ""
    start = period or period_bounds(kind, local_today(district.timezone))[0]
    return start, period_label(kind, start)
