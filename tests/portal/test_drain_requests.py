"""A committed message asks a worker for a drain, but not when one is asked for and has not
started yet (it will read that message too): on deadline day 200 receipts make a few tasks,
not 200. Nothing waits longer for it: a drain takes the flag down before it reads, a
message after that asks again, a broker that is down leaves no flag behind, and a real
worker delivers every message of several transactions."""

import time

import pytest
from celery import current_app
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.cache import cache
from django.db import transaction

from config.celery import app as celery_app
from portal import notifications
from portal.notifications import DRAIN_REQUESTED_KEY, notify
from portal.tasks import outbox_drain

pytestmark = pytest.mark.django_db


def queue(number: int) -> None:
    notify(
        kind="test.drain",
        key=f"message:{number}",
        template="portal/email/account_deleted",
        context={"date": "2026-12-05"},
        recipients=[f"person{number}@example.se"],
    )


@pytest.fixture
def sent_tasks(monkeypatch):
    sent = []
    monkeypatch.setattr(current_app, "send_task", lambda name, **kwargs: sent.append(name))
    return sent


def test_messages_before_the_drain_starts_ask_once(sent_tasks, django_capture_on_commit_callbacks):
    for number in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            queue(number)
    assert sent_tasks == [notifications.OUTBOX_DRAIN_TASK]
    outbox_drain.apply()  # takes the flag down, then sends all three
    assert sorted(m.to[0] for m in mail.outbox) == [f"person{n}@example.se" for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        queue(3)  # after the drain started: asks again
    assert sent_tasks == [notifications.OUTBOX_DRAIN_TASK] * 2


def test_a_broker_that_is_down_leaves_no_flag(monkeypatch, django_capture_on_commit_callbacks):
    def down(name, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(current_app, "send_task", down)
    with django_capture_on_commit_callbacks(execute=True):
        queue(1)
    assert cache.get(DRAIN_REQUESTED_KEY) is None  # the next message asks again
    sent = []
    monkeypatch.setattr(current_app, "send_task", lambda name, **kwargs: sent.append(name))
    with django_capture_on_commit_callbacks(execute=True):
        queue(2)
    assert sent == [notifications.OUTBOX_DRAIN_TASK]


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_every_message_of_several_transactions():
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        for number in range(5):
            with transaction.atomic():
                queue(number)
        deadline = time.monotonic() + 30
        while len(mail.outbox) < 5 and time.monotonic() < deadline:
            time.sleep(0.1)
    assert sorted(m.to[0] for m in mail.outbox) == [f"person{n}@example.se" for n in range(5)]
