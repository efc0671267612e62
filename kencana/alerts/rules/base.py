"""What a rule is: a set-based check that returns the conditions that hold now."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Model


@dataclass(frozen=True)
class Condition:
    """One thing that is wrong, keyed so the same thing is never raised twice."""

    key: str
    district_id: int
    title: str
    severity: str
    kecamatan_id: int | None = None
    detail: str = ""
    subject: Model | None = field(default=None, compare=False)
    subject_label: str = ""
    hazard_id: int | None = None
    expires_at: datetime | None = None
    public: bool = False


class Rule:
    """A family of alerts. Subclasses set ``code`` and ``label`` and implement ``evaluate``.

    ``evaluate`` must be set-based: a few queries for all districts, never one per
    object, so a sweep stays fast for a whole country.
    """

    code: str = ""
    label = ""
    resolution_note = ""

    def evaluate(self, *, district_ids: Iterable[int] | None = None) -> Iterable[Condition]:
        raise NotImplementedError

    def refresh_fields(self) -> tuple[str, ...]:
        """Fields of an open alert kept in step with its condition (e.g. a CAP Update)."""
        return ()


REGISTRY: dict[str, Rule] = {}


def register(rule_class: type[Rule]) -> type[Rule]:
    REGISTRY[rule_class.code] = rule_class()
    return rule_class
