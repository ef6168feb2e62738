"""Liveness of the services the portal depends on, for /healthz and monitoring."""

from datetime import datetime

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from portal.tasks import HEARTBEAT_KEY


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return False, type(exc).__name__
    return True, "ok"


def check_redis() -> tuple[bool, str]:
    try:
        client = cache._cache.get_client(write=True)
        client.ping()
    except Exception as exc:
        return False, type(exc).__name__
    return True, "ok"


def celery_heartbeat_age() -> int | None:
    """Seconds since the last Celery heartbeat task ran, or None if never seen."""
    try:
        value = cache.get(HEARTBEAT_KEY)
    except Exception:
        return None
    if not value:
        return None
    return int((timezone.now() - datetime.fromisoformat(value)).total_seconds())
