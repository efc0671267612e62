"""Scoring: each answer earns a 0–1 share of its indicator's points; reports are weighted 0–100.

Unanswered indicators count as zero, so a draft's preview score never flatters it.
Sections and the overall score use the same weights: overall is the weighted mean
over every applicable indicator, not the mean of section scores, so a section with
many heavy indicators counts for more.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .models import Answer, AnswerType, Indicator

ONE = Decimal(1)
HUNDRED = Decimal(100)


def answer_points(indicator: Indicator, *, yes: bool | None, number: Decimal | None, choice: str) -> Decimal | None:
    """The share (0–1) of the indicator's points an answer earns; None when it is not answered."""
    kind = indicator.answer_type
    if kind == AnswerType.YES_NO:
        return None if yes is None else (ONE if yes else Decimal(0))
    if kind == AnswerType.NUMBER:
        if number is None:
            return None
        if not indicator.target:
            return ONE if number > 0 else Decimal(0)
        return max(Decimal(0), min(ONE, Decimal(number) / indicator.target)).quantize(Decimal("0.0001"))
    if not choice:
        return None
    points, best = indicator.points_of(choice), indicator.max_points
    if points is None or best <= 0:
        return None
    return max(Decimal(0), min(ONE, points / best)).quantize(Decimal("0.0001"))


@dataclass
class SectionScore:
    section_id: int
    title: str
    title_en: str
    score: Decimal
    answered: int
    total: int

    def as_json(self) -> dict:
        return {
            "section_id": self.section_id,
            "title": self.title,
            "title_en": self.title_en,
            "score": str(self.score),
            "answered": self.answered,
            "total": self.total,
        }


def _percent(earned: Decimal, weight: Decimal) -> Decimal:
    if weight <= 0:
        return Decimal(0)
    return (earned / weight * HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def score(indicators: Iterable[Indicator], answers: Iterable[Answer]) -> tuple[Decimal, list[SectionScore]]:
    """The overall 0–100 score and one score per section, over the given (applicable) indicators."""
    points = {answer.indicator_id: answer.points for answer in answers}
    sections: dict[int, dict] = {}
    earned_total = weight_total = Decimal(0)
    for indicator in indicators:
        share = points.get(indicator.pk)
        earned = indicator.weight * (share or 0)
        entry = sections.setdefault(
            indicator.section_id,
            {"section": indicator.section, "earned": Decimal(0), "weight": Decimal(0), "answered": 0, "total": 0},
        )
        entry["earned"] += earned
        entry["weight"] += indicator.weight
        entry["total"] += 1
        entry["answered"] += share is not None
        earned_total += earned
        weight_total += indicator.weight
    per_section = [
        SectionScore(
            section_id=entry["section"].pk,
            title=entry["section"].title,
            title_en=entry["section"].title_en,
            score=_percent(entry["earned"], entry["weight"]),
            answered=entry["answered"],
            total=entry["total"],
        )
        for entry in sorted(sections.values(), key=lambda e: (e["section"].position, e["section"].pk))
    ]
    return _percent(earned_total, weight_total), per_section


def is_weak(answer: Answer, weak_below: Decimal) -> bool:
    """An answered indicator earning less than ``weak_below`` percent of its points."""
    return answer.points is not None and answer.points * HUNDRED < weak_below
