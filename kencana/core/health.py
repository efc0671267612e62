"""Health of the parts the app cannot work without: the database and the broker."""

from django.conf import settings
from django.db import connection
from kombu import Connection


def database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, "ok"
    except Exception as exc:  # any failure means unhealthy; the message says which
        return False, f"{type(exc).__name__}: {exc}"


def broker_ok(timeout: float | None = None) -> tuple[bool, str]:
    timeout = timeout or settings.CELERY_BROKER_CONNECTION_TIMEOUT
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            connect_timeout=timeout,
        ) as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
        return True, "ok"
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"
