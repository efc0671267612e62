"""The rule engine: compare what holds now with what is open, and reconcile.

For each rule: conditions that hold and have no open alert get one; open alerts
whose condition no longer holds resolve themselves with the rule's note; the rest
are left alone (refreshed if the rule says their text may change). When run for
some districts only (right after an event there), only those districts' alerts
are touched.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from kencana.core import events

from .lifecycle import alert_auto_resolve, alert_open
from .models import Alert
from .rules import REGISTRY, Rule


@dataclass
class RunResult:
    opened: list[int] = field(default_factory=list)
    resolved: list[int] = field(default_factory=list)
    refreshed: list[int] = field(default_factory=list)


def rules_run(*, codes: Iterable[str] | None = None, district_ids: Iterable[int] | None = None) -> RunResult:
    result = RunResult()
    district_ids = None if district_ids is None else list(district_ids)
    for code in codes or list(REGISTRY):
        rule = REGISTRY[code]
        with transaction.atomic():
            _reconcile(rule, district_ids, result)
    return result


def _reconcile(rule: Rule, district_ids: list[int] | None, result: RunResult) -> None:
    now = timezone.now()
    holding = {c.key: c for c in rule.evaluate(district_ids=district_ids)}
    unresolved = Alert.objects.filter(rule=rule.code).exclude(state=Alert.State.RESOLVED)
    if district_ids is not None:
        unresolved = unresolved.filter(district_id__in=district_ids)
    refresh = rule.refresh_fields()
    existing = {a.dedupe_key: a for a in unresolved.only("pk", "dedupe_key", "district_id", *refresh)}

    for key in sorted(holding.keys() - existing.keys()):
        alert = alert_open(rule=rule.code, condition=holding[key], now=now)
        if alert is not None:
            result.opened.append(alert.pk)
    for key in sorted(existing.keys() - holding.keys()):
        if alert_auto_resolve(alert_id=existing[key].pk, note=str(rule.resolution_note)):
            result.resolved.append(existing[key].pk)
    for key in holding.keys() & existing.keys():
        if _refresh(existing[key], holding[key], refresh):
            result.refreshed.append(existing[key].pk)


def _refresh(alert: Alert, condition, fields: tuple[str, ...]) -> bool:
    values = {
        "title": condition.title[:255],
        "severity": condition.severity,
        "detail": condition.detail,
        "expires_at": condition.expires_at,
        "subject_id": str(condition.subject.pk) if condition.subject is not None else "",
        "subject_label": condition.subject_label[:255],
        "public": condition.public,
    }
    changed = [f for f in fields if getattr(alert, f) != values[f]]
    if not changed:
        return False
    Alert.objects.filter(pk=alert.pk).update(**{f: values[f] for f in changed})
    events.alert_changed.announce(district_id=alert.district_id, alert=alert)
    return True
