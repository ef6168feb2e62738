"""The outbox's order, channels and rate: a high-priority message passes normal ones queued
before it (through the partial index); each row is sent through its channel from
settings.NOTIFICATION_CHANNELS; OUTBOX_MAX_PER_MINUTE holds back what is over the minute's
allowance across workers, for the next minute; a mass message is rendered once per language."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from portal import notifications
from portal.channels import Channel, channel
from portal.models import Notification
from portal.notifications import deliver_pending, notify_many, rate_reserve
from portal.tasks import outbox_drain
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SENT_BY_TEST_CHANNEL = []


class RecordingChannel(Channel):
    """A channel for the test: what it was asked to send (an SMS gateway stands here)."""

    def __enter__(self):
        self.opened = True
        return self

    def send(self, row):
        SENT_BY_TEST_CHANNEL.append((row.recipient, row.body))


def queue(n, *, priority=Notification.Priority.NORMAL, minutes_ago=0, channel="email", kind="k"):
    due = timezone.now() - timedelta(minutes=minutes_ago)
    return Notification.objects.bulk_create(
        Notification(
            kind=kind, key=f"{kind}{i}", recipient=f"{kind}{i}@example.se", subject=f"{kind} {i}",
            body="Hej", priority=priority, send_after=due, channel=channel,
        )
        for i in range(n)
    )  # fmt: skip


def test_high_priority_goes_before_normal_messages_queued_earlier(db):
    queue(3, minutes_ago=30, kind="reminder")
    queue(2, priority=Notification.Priority.HIGH, kind="acute")
    assert deliver_pending(limit=2) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["acute0@example.se", "acute1@example.se"]
    assert deliver_pending(limit=10) == 3
    assert [m.subject for m in mail.outbox[2:]] == ["reminder 0", "reminder 1", "reminder 2"]


def test_the_worker_reads_the_due_rows_through_the_partial_index(db):
    queue(3)
    with connection.cursor() as cursor:
        # Off: the plans that read rows in no order. A bitmap scan and a sort were chosen
        # after earlier tests had filled and emptied the table; the question is whether
        # the index can give the order.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_bitmapscan = off")
        query = (
            Notification.objects.filter(status="pending", send_after__lte=timezone.now())
            .order_by("-priority", "send_after", "pk")[:200]
            .query
        )
        sql, params = query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_bitmapscan")
    assert "notification_due_idx" in plan
    assert "Sort" not in plan  # the index gives the order


def test_each_row_is_sent_through_its_channel(db, settings):
    settings.NOTIFICATION_CHANNELS = {
        "email": "portal.channels.EmailChannel",
        "sms": "tests.portal.test_outbox_priority.RecordingChannel",
    }
    SENT_BY_TEST_CHANNEL.clear()
    queue(2, kind="mail")
    queue(1, channel="sms", kind="text")
    assert deliver_pending() == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["mail0@example.se", "mail1@example.se"]
    assert SENT_BY_TEST_CHANNEL == [("text0@example.se", "Hej")]
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_an_unknown_channel_fails_the_row_and_it_waits_to_be_tried_again(db, settings):
    settings.NOTIFICATION_CHANNELS = {"email": "portal.channels.EmailChannel"}
    queue(1, channel="pigeon")
    assert deliver_pending() == 0
    row = Notification.objects.get()
    assert (row.status, row.attempts) == ("pending", 1)
    assert "pigeon" in row.last_error
    assert row.send_after > timezone.now()
    with pytest.raises(ImproperlyConfigured):
        channel("pigeon")


def test_the_rate_limit_holds_back_the_surplus_until_the_next_minute(db, settings, monkeypatch):
    settings.OUTBOX_MAX_PER_MINUTE = 3
    monkeypatch.setattr(notifications, "_minute", lambda: 1000)
    queue(5, kind="many")
    queue(1, priority=Notification.Priority.HIGH, kind="acute")
    outbox_drain.apply()  # the drain stops at the limit, it does not spin
    assert len(mail.outbox) == 3
    assert mail.outbox[0].to == ["acute0@example.se"]
    assert deliver_pending() == 0  # another worker, the same minute: nothing
    assert Notification.objects.filter(status="pending").count() == 3
    monkeypatch.setattr(notifications, "_minute", lambda: 1001)  # the next minute
    outbox_drain.apply()
    assert len(mail.outbox) == 6
    assert len({m.to[0] for m in mail.outbox}) == 6  # each once


def test_what_was_reserved_but_not_due_is_given_back(db, settings, monkeypatch):
    settings.OUTBOX_MAX_PER_MINUTE = 10
    monkeypatch.setattr(notifications, "_minute", lambda: 2000)
    queue(2)
    assert deliver_pending() == 2  # reserved 10 (a batch), 2 were due: 8 given back
    queue(8, kind="later")
    assert deliver_pending() == 8


def test_the_allowance_is_shared_by_workers_at_once(db, settings):
    """Twenty workers asking at the same instant get no more than the limit together."""
    settings.OUTBOX_MAX_PER_MINUTE = 50
    granted, start = [], threading.Barrier(20)

    def worker():
        start.wait()
        granted.append(rate_reserve(7, 3000))

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 0 < sum(granted) <= 50
    assert rate_reserve(100, 3000) == 50 - sum(granted)  # what is left, nothing lost
    assert rate_reserve(1, 3000) == 0


def test_no_limit_by_default(db, settings):
    assert settings.OUTBOX_MAX_PER_MINUTE == 0
    queue(30)
    assert deliver_pending(limit=500) == 30


def test_a_mass_message_is_rendered_once_per_language(db, monkeypatch, world):
    people = [UserFactory(preferred_language="en" if n % 3 else "sv") for n in range(12)]
    rendered = []
    real = notifications.render
    monkeypatch.setattr(
        notifications, "render", lambda *a, **k: rendered.append(a[2]) or real(*a, **k)
    )
    rows = notify_many(
        kind="callout.test",
        template="organisations/email/status",
        items=[("all", {"organisation": {"name": "X"}, "url": "/"}, [*people, "a@example.se"])],
        municipality=world.x,
        personal=False,
        priority=Notification.Priority.HIGH,
    )
    assert len(rows) == 13
    assert sorted(rendered) == ["en", "sv"]  # the address without account reads Swedish
    assert {row.priority for row in rows} == {Notification.Priority.HIGH}
    english = {row.body for row in rows if row.language == "en"}
    assert len(english) == 1


def test_what_is_queued_is_sent_byte_for_byte(world):
    """The rows go to PostgreSQL as arrays: quotes, braces, backslashes, commas and
    attachments must arrive as written."""
    odd = 'Bröd & "Bollar" {Ung}, C:\\väg\\; NULL'
    ics = b"BEGIN:VCALENDAR\r\n\x00\xff{}\\,\r\nEND:VCALENDAR\r\n"
    rows = notify_many(
        kind="odd",
        template="organisations/email/status",
        items=[("k", {"organisation": {"name": odd}, "url": "/x?a=1&b=2"}, ["a@example.se"])],
        municipality=world.x,
        attachment=("mote.ics", ics, "text/calendar"),
    )
    stored = Notification.objects.get(kind="odd")
    assert (stored.subject, stored.body) == (rows[0].subject, rows[0].body)
    assert odd in stored.subject
    assert (stored.priority, stored.channel, stored.status) == (0, "email", "pending")
    assert deliver_pending() == 1
    [message] = mail.outbox
    assert [(name, content) for name, content, _type in message.attachments] == [("mote.ics", ics)]
    assert odd in message.body
