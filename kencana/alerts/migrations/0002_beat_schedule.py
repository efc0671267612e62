"""The periodic tasks of alerts, as django-celery-beat rows (visible and editable in the admin)."""

from django.db import migrations

from kencana.alerts.schedule import SCHEDULE, ensure_beat_schedule


def create(apps, schema_editor):
    ensure_beat_schedule(
        apps.get_model("django_celery_beat", "IntervalSchedule"), apps.get_model("django_celery_beat", "PeriodicTask")
    )


def remove(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, _task, _seconds in SCHEDULE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
