"""Demo alerts: escalation policies with short waits so `make run` shows escalation live.

Balangan escalates to its officers at once, to BPBD staff after 2 minutes and to
the head of BPBD after 5; an acknowledged alert left unresolved for 15 minutes
escalates again. A flood warning (siaga darurat banjir) names riverside desa of Halong
and Juai by their codes and covers their kecamatan.
"""

import datetime

from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from kecamatan.demo import desa
from kecamatan.models import GEOMETRY_FIELDS, District, Hazard, Kecamatan
from kencana.accounts.models import Role, User

from .models import EscalationPolicy, EscalationStep, HazardWarning, NotificationPreference, Severity
from .notifications.outbox import DEFAULT_EMAIL_SEVERITIES
from .schedule import ensure_beat_schedule
from .services import hazard_warning_create

DEMO_WARNING_TITLE = "Siaga darurat banjir Sungai Balangan"
# Halong, Puyun (Halong); Juai, Muara Ninian (Juai)
DEMO_WARNING_DESA = ["63.11.02.2005", "63.11.02.2008", "63.11.01.2003", "63.11.01.2001"]
POLICIES = {
    "63.11": {
        "name": "Standar BPBD Balangan (demo: jeda singkat)",
        "ack_timeout_minutes": 15,
        "steps": [
            (0, Role.OFFICER, ["inbox", "email"]),
            (2, Role.BPBD_STAFF, ["inbox", "email", "webhook"]),
            (5, Role.BPBD_ADMIN, ["inbox", "email"]),
        ],
    },
    "63.03": {
        "name": "Standar BPBD Banjar",
        "ack_timeout_minutes": 60,
        "steps": [
            (0, Role.OFFICER, ["inbox"]),
            (15, Role.BPBD_STAFF, ["inbox", "email"]),
            (30, Role.BPBD_ADMIN, ["inbox", "email"]),
        ],
    },
}


def seed_policies() -> None:
    for code, spec in POLICIES.items():
        district = District.objects.get(code=code)
        policy, created = EscalationPolicy.objects.get_or_create(
            district=district,
            rule="",
            severity="",
            active=True,
            defaults={"name": spec["name"], "ack_timeout_minutes": spec["ack_timeout_minutes"]},
        )
        if created:
            for order, (wait, level, channels) in enumerate(spec["steps"]):
                EscalationStep.objects.create(
                    policy=policy, order=order, wait_minutes=wait, level=level, channels=channels
                )


def seed_preferences() -> None:
    for user in User.objects.filter(district__code__in=POLICIES):
        for severity in Severity.values:
            NotificationPreference.objects.get_or_create(
                user=user, severity=severity, defaults={"email": severity in DEFAULT_EMAIL_SEVERITIES}
            )


def seed_flood_warning() -> None:
    now = timezone.now()
    if HazardWarning.objects.filter(title=DEMO_WARNING_TITLE, cancelled_at__isnull=True, expires_at__gt=now).exists():
        return
    places = [desa(code) for code in DEMO_WARNING_DESA]
    names = [place.display_name for place in places]
    hazard_warning_create(
        by=User.objects.get(username="staff.balangan"),
        kecamatan=list(Kecamatan.objects.filter(pk__in={p.kecamatan_id for p in places}).defer(*GEOMETRY_FIELDS)),
        hazard=Hazard.objects.get(code="banjir"),
        title=DEMO_WARNING_TITLE,
        severity=Severity.SEVERE,
        status_level=HazardWarning.Status.ALERT,
        message=(
            "Debit Sungai Balangan naik setelah hujan lebat tiga hari. Permukiman di bantaran sungai di "
            f"{', '.join(names[:-1])} dan {names[-1]} berpotensi tergenang."
        ),
        instruction="Siapkan posko dan jalur evakuasi; pantau ketinggian air setiap 3 jam dan laporkan ke Pusdalops BPBD.",
        expires_at=now + datetime.timedelta(days=3),
    )


def seed_alerts() -> None:
    seed_policies()
    seed_preferences()
    ensure_beat_schedule(IntervalSchedule, PeriodicTask)
    seed_flood_warning()
