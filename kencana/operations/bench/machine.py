"""What the figures were measured on."""

import datetime
import os
import platform
from pathlib import Path

import django
import redis
from django.conf import settings
from django.db import connection


def _first(path: str, prefix: str) -> str:
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return ""
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(prefix)), "")


def _redis_version() -> str:
    url = settings.CELERY_BROKER_URL
    if not url.startswith("redis"):
        return "not used"
    return redis.Redis.from_url(url, socket_timeout=5).info("server")["redis_version"]


def describe() -> dict:
    memory_kb = _first("/proc/meminfo", "MemTotal").split()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgresql = cursor.fetchone()[0]
    return {
        "cpu": _first("/proc/cpuinfo", "model name") or platform.processor() or platform.machine(),
        "cores": os.cpu_count() or 1,
        "ram_gb": round(int(memory_kb[0]) / 1024 / 1024, 1) if memory_kb else None,
        "postgresql": postgresql.split()[0],
        "redis": _redis_version(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "os": f"{platform.system()} {platform.release()}",
        "date": datetime.date.today().isoformat(),
    }


def database_bytes() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return cursor.fetchone()[0]
