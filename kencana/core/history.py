"""Readable change history of any model that keeps ``history = HistoricalRecords()``."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Model


@dataclass
class Change:
    field: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    kind: str  # "+" created, "~" changed, "-" deleted
    reason: str
    changes: list[Change] = field(default_factory=list)


def history_for(obj: Model, limit: int = 50) -> list[HistoryEntry]:
    """Newest first: who changed what and when, with old → new values per field."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for record, previous in zip(records, [*records[1:], None], strict=False):
        if len(entries) == limit:
            break
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                model_field = record.instance._meta.get_field(change.field)
                changes.append(
                    Change(
                        str(model_field.verbose_name),
                        _readable(model_field, change.old),
                        _readable(model_field, change.new),
                    )
                )
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else "",
                kind=record.history_type,
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def _readable(model_field, value: object) -> object:
    """Choice labels instead of codes; names of the related objects of a many-to-many field."""
    if model_field.many_to_many:
        target = model_field.related_model
        ids = [row.get(target._meta.model_name) for row in value or []]
        return ", ".join(str(obj) for obj in target._default_manager.filter(pk__in=ids)) or None
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    return value
