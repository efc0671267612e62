"""Alerts in the synthetic country: each district's escalation policy, and the history of
alerts already handled (resolved, with their notifications and escalation log).

Open alerts are not invented here: ``seed_synthetic`` runs the real rule sweep last,
so what is open is exactly what the rules find in the synthetic data.
"""

import datetime

from django.contrib.contenttypes.models import ContentType

from kecamatan.models import Kecamatan
from kencana.accounts.models import Role
from kencana.core.synthetic import Context

from .models import Alert, EscalationLog, EscalationPolicy, EscalationStep, Notification, Severity
from .rules import REGISTRY

STEPS = [
    (0, Role.OFFICER, ["inbox"]),
    (30, Role.BPBD_STAFF, ["inbox", "email"]),
    (120, Role.BPBD_ADMIN, ["inbox", "email"]),
]
SEVERITIES = [Severity.MINOR, Severity.MODERATE, Severity.MODERATE, Severity.SEVERE, Severity.EXTREME]


def seed_alerts(ctx: Context) -> None:
    rng, sizes = ctx.rng, ctx.sizes
    policies = ctx.table(
        EscalationPolicy, ["id", "district", "name", "rule", "severity", "repeat", "ack_timeout_minutes", "active"]
    )
    steps = ctx.table(EscalationStep, ["policy", "order", "wait_minutes", "level", "channels"])
    for district, policy_id in zip(ctx.districts, ctx.ids(EscalationPolicy, len(ctx.districts)), strict=True):
        policies.add(policy_id, district["id"], "Standar BPBD", "", "", 0, 60, True)
        steps.extend((policy_id, order, wait, level, channels) for order, (wait, level, channels) in enumerate(STEPS))
        district["policy"] = {
            "policy_id": policy_id,
            "name": "Standar BPBD",
            "repeat": 0,
            "ack_timeout_minutes": 60,
            "steps": [{"wait_minutes": w, "level": lv, "channels": ch} for w, lv, ch in STEPS],
        }
    policies.close()
    steps.close()

    alerts = ctx.table(
        Alert,
        [
            "id", "rule", "severity", "title", "detail", "dedupe_key", "public", "subject_type", "subject_id",
            "subject_label", "district", "kecamatan", "hazard", "expires_at", "state", "opened_at", "acknowledged_at",
            "acknowledged_by", "resolved_at", "resolved_by", "resolution_note", "escalation", "escalation_step",
            "escalation_round_start", "next_escalation_at",
        ],
    )  # fmt: skip
    notifications = ctx.table(
        Notification, ["user", "alert", "severity", "title", "body", "link", "created_at", "read_at"]
    )
    log = ctx.table(EscalationLog, ["alert", "step", "at", "level", "channels", "recipients", "note"])
    kecamatan_type = ContentType.objects.get_for_model(Kecamatan).pk
    rules = sorted(REGISTRY)
    span = 700 * 24 * 60
    for alert_id in ctx.ids(Alert, sizes.alerts):
        kecamatan = rng.choice(ctx.kecamatan)
        district = kecamatan["district"]
        rule = rng.choice(rules)
        severity = rng.choice(SEVERITIES)
        opened = ctx.now - datetime.timedelta(minutes=rng.randint(60 * 24 * 3, span))
        acknowledged = opened + datetime.timedelta(minutes=rng.randint(5, 600))
        resolved = acknowledged + datetime.timedelta(hours=rng.randint(1, 24 * 20))
        resolved = min(resolved, ctx.now - datetime.timedelta(hours=1))
        title = f"{rule.replace('_', ' ').capitalize()}: Kecamatan {kecamatan['code']}"
        alerts.add(
            alert_id, rule, severity, title, "", f"history:{alert_id}", False, kecamatan_type, str(kecamatan["id"]),
            f"Kecamatan {kecamatan['code']}", district["id"], kecamatan["id"], None, None, Alert.State.RESOLVED,
            opened, acknowledged, district["staff"], resolved, district["staff"], "Sudah ditangani.",
            district["policy"], 1, 0, None,
        )  # fmt: skip
        link = f"/alerts/{alert_id}/"
        notifications.add(kecamatan["officer"], alert_id, severity, title, "", link, opened, acknowledged)
        log.add(alert_id, 0, opened, Role.OFFICER, ["inbox"], 1, "")
        if rng.random() < 0.5:
            notifications.add(district["staff"], alert_id, severity, title, "", link, opened, resolved)
    for table in (alerts, notifications, log):
        table.close()
