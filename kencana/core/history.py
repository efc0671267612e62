"""Readable change history of any model that keeps ``history = HistoricalRecords()``."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Model
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kencana.core import formats


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
                if change.field in HIDDEN_FIELDS:
                    continue
                model_field = record.instance._meta.get_field(change.field)
                changes.append(
                    Change(
                        _label(model_field),
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


# Bookkeeping that means nothing to a reader (retry keys, the scores the app recomputes, counters).
HIDDEN_FIELDS = {
    "idempotency_key",
    "receipt_idempotency_key",
    "section_scores",
    "updated_at",
    "updated_by",
    "escalation_round_start",
    "subject_type",
}
# Labels of the fields whose models name none (mostly who did what, and what belongs to what).
FIELD_LABELS = {
    "created_by": gettext_lazy("created by"),
    "submitted_by": gettext_lazy("submitted by"),
    "verified_by": gettext_lazy("verified by"),
    "reviewed_by": gettext_lazy("reviewed by"),
    "acknowledged_by": gettext_lazy("acknowledged by"),
    "resolved_by": gettext_lazy("resolved by"),
    "cancelled_by": gettext_lazy("cancelled by"),
    "published_by": gettext_lazy("published by"),
    "decided_by": gettext_lazy("decided by"),
    "received_by": gettext_lazy("received by"),
    "requested_by": gettext_lazy("requested by"),
    "uploaded_by": gettext_lazy("uploaded by"),
    "created_at": gettext_lazy("created at"),
    "district": gettext_lazy("district"),
    "kecamatan": gettext_lazy("kecamatan"),
    "hazard": gettext_lazy("hazard"),
    "version": gettext_lazy("template version"),
    "template": gettext_lazy("template"),
    "assignment": gettext_lazy("assignment"),
    "report": gettext_lazy("report"),
    "indicator": gettext_lazy("indicator"),
    "answer": gettext_lazy("answer"),
    "policy": gettext_lazy("escalation policy"),
    "warehouse": gettext_lazy("warehouse"),
}


def _label(model_field) -> str:
    named = isinstance(model_field.verbose_name, Promise)
    label = model_field.verbose_name if named else FIELD_LABELS.get(model_field.name, model_field.verbose_name)
    return str(label).capitalize()


def _readable(model_field, value: object) -> object:
    """A value as a person reads it, in their language: the related object's name, not its id;
    a choice's label, not its code; dates, times and figures in local formats."""
    if value is None or value == "":
        return None
    if model_field.many_to_many:
        target = model_field.related_model
        ids = [row.get(target._meta.model_name) for row in value or []]
        return ", ".join(str(obj) for obj in target._default_manager.filter(pk__in=ids)) or None
    if model_field.is_relation:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        if related is None:
            return _("(removed)")
        if hasattr(related, "get_full_name"):
            return related.get_full_name() or related.get_username()
        return str(related)
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return f"{formats.day(timezone.localtime(value).date())} {timezone.localtime(value):%H:%M}"
    if isinstance(value, date):
        return formats.day(value)
    if isinstance(value, int | float | Decimal):
        return formats.number(value)
    if isinstance(value, list) and all(isinstance(item, str | int) for item in value):
        return ", ".join(str(item) for item in value) or None
    if isinstance(value, list | dict):
        return _("(changed)")
    return value
