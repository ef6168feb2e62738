"""Celery runs over the real Redis broker: a task sent by the portal is executed by a worker."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache

from config.celery import app
from portal.tasks import HEARTBEAT_KEY, heartbeat


@pytest.mark.django_db(transaction=True)
def test_heartbeat_runs_on_a_real_worker():
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        heartbeat.delay()  # results are ignored: the task's effect in Redis is the proof
        deadline = time.monotonic() + 20
        while not cache.get(HEARTBEAT_KEY) and time.monotonic() < deadline:
            time.sleep(0.1)
    assert cache.get(HEARTBEAT_KEY)


def test_celery_is_configured_from_django_settings():
    assert app.conf.task_acks_late is True
    assert app.conf.broker_url.startswith(("redis://", "redis+socket://"))
    assert app.conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"
