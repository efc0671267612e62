"""The periodic tasks of alerts, kept as django-celery-beat rows so they show (and can be tuned) in the admin."""

SCHEDULE = [
    # name, task, every (seconds)
    ("Alerts: evaluate all rules", "alerts.rules_sweep", 60),
    ("Alerts: escalation tick", "alerts.escalation_tick", 30),
    ("Alerts: outbox sweep", "alerts.outbox_sweep", 60),
    ("Alerts: poll the CAP feed (needs ALERTS_CAP_FEED_URL)", "alerts.cap_feed_poll", 300),
]


def ensure_beat_schedule(interval_model, task_model) -> None:
    """Create the rows that are missing; never overwrite what an admin has tuned."""
    for name, task, seconds in SCHEDULE:
        interval, _ = interval_model.objects.get_or_create(every=seconds, period="seconds")
        task_model.objects.get_or_create(name=name, defaults={"task": task, "interval": interval})
