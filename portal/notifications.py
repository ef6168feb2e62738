"""The outbox: every email the portal sends is first a Notification row, written in the
transaction of the change that causes it, then delivered by a Celery worker.

* Nothing is lost: if the broker is down when the transaction commits, the row waits and the
  periodic ``outbox_drain`` task (every minute) sends it once the broker is back.
* Nothing is sent twice by a repeated job: rows are unique per (kind, key, recipient), and a
  worker locks the rows it sends (``skip_locked``), marking them sent in the same transaction.
* Officers see in the admin what was sent, what failed and why.
* An acute message goes first: rows carry a priority, and the worker takes the highest first.
* Each row is sent through its channel (portal.channels: email now, SMS by a setting), at no
  more than ``OUTBOX_MAX_PER_MINUTE`` messages a minute across all workers when the mail
  system sets a limit; what is over waits for the next minute.
"""

import functools
import logging
import threading
import time
from collections import defaultdict
from contextlib import suppress
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import channels, email_identity, workflow
from portal.models import Notification
from portal.services import audit_record

logger = logging.getLogger(__name__)
BATCH = 200
OUTBOX_DRAIN_TASK = "portal.tasks.outbox_drain"
# Set while a drain is asked for and has not started (request_delivery, drain_starting).
DRAIN_REQUESTED_KEY = "outbox:drain-requested"
DRAIN_REQUESTED_SECONDS = 60


def render(template: str, context: dict, language: str, municipalities=()) -> tuple[str, str]:
    """Subject and body of ``<template>_subject.txt`` / ``<template>.txt`` in ``language``,
    naming the portal and ``municipalities`` (portal.email_identity)."""
    with translation.override(language):
        subject = " ".join(render_text(f"{template}_subject.txt", context).split())
        subject = email_identity.subject(subject, municipalities)
        body = render_text(f"{template}.txt", context).rstrip() + "\n\n"
        body += email_identity.signature(municipalities)
    return subject[:255], body


def render_text(name: str, context: dict) -> str:
    """A plain-text template without HTML escaping: an email is not HTML, and "A & B"
    must reach the reader as "A & B", not "A &amp; B"."""
    return get_template(name).template.render(Context(context, autoescape=False))


def notify(
    *,
    kind: str,
    key: str,
    template: str,
    context: dict,
    recipients,
    municipality=None,
    attachment=None,
    **options,
) -> list[Notification]:
    """Queue one message per recipient (a User or an email address), rendered in the
    recipient's language; ``attachment`` is (file name, bytes, content type). Rows already
    queued for (kind, key, recipient) are left alone. ``options`` as for ``notify_many``."""
    return notify_many(
        kind=kind,
        template=template,
        municipality=municipality,
        items=[(key, context, recipients)],
        attachment=attachment,
        **options,
    )


def notify_many(*, kind: str, template: str, items, **options):
    """``notify`` for many reasons at once (reminder jobs): ``items`` are (key, context,
    recipients). One query finds what is already queued, inserts go in batches.

    ``options`` (``render_rows``'s): ``municipality`` named in the message (else the
    recipient's); ``attachment``; ``priority``: higher is sent first (an acute call-out);
    ``channel``: how it is sent (portal.channels); ``personal=False`` is for mass messages
    that do not name their reader (a call-out to 20 000 people): each item is rendered once
    per language instead of once per recipient, and the template gets no ``recipient``;
    ``unsubscribe(key, email, user)`` gives the one-click address to stop messages like this
    one (alerts, mailings): it goes in the List-Unsubscribe header and on the body's last
    line; "" for none.

    Returns the rows queued by this call (none already there). What is queued already is
    asked first, so a job run again renders nothing twice; ``render_rows`` and ``queue_rows``
    skip the question where the rows are few and the caller's statements count (a submit)."""
    items = [
        (key[:200], context, [r for r in recipients if r]) for key, context, recipients in items
    ]
    keys = {key for key, _context, _recipients in items}
    queued = set()
    for chunk in _chunks(sorted(keys), 5000):
        queued |= set(
            Notification.objects.filter(kind=kind, key__in=chunk).values_list("key", "recipient")
        )
    return queue_rows(
        render_rows(kind=kind, template=template, items=items, skip=queued, **options)
    )


def render_rows(
    *,
    kind: str,
    template: str,
    items,
    municipality=None,
    attachment=None,
    priority: int = Notification.Priority.NORMAL,
    channel: str = channels.DEFAULT,
    personal: bool = True,
    unsubscribe=None,
    skip=frozenset(),
) -> list[Notification]:
    """The rows ``notify_many`` would queue, rendered and not saved (arguments as there;
    ``skip``: (key, email) pairs to leave out). ``queue_rows`` queues them: a caller that
    must hold a lock briefly renders first and queues within the lock."""
    queued = set(skip)
    rows = []
    for key, context, recipients in items:
        key = key[:200]
        rendered = {}  # (language, municipalities named): (subject, body), when not personal
        for recipient in recipients:
            if not recipient:
                continue
            user = recipient if hasattr(recipient, "email") else None
            email = user.email if user else str(recipient)
            if not email or (key, email) in queued:
                continue
            queued.add((key, email))
            language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
            named = [municipality] if municipality else email_identity.municipalities_of(user)
            if personal:
                subject, body = render(template, {**context, "recipient": user}, language, named)
            else:
                once = (language, tuple(m.pk for m in named))
                if once not in rendered:
                    rendered[once] = render(template, context, language, named)
                subject, body = rendered[once]
            unsubscribe_url = unsubscribe(key, email, user) if unsubscribe else ""
            if unsubscribe_url:
                body = _with_unsubscribe_line(body, unsubscribe_url, language)
            row = Notification(
                kind=kind,
                key=key,
                municipality=municipality,
                recipient=email,
                user=user,
                language=language,
                subject=subject,
                body=body,
                priority=priority,
                channel=channel,
                unsubscribe_url=unsubscribe_url,
            )
            if attachment:
                row.attachment_name, row.attachment, row.attachment_type = attachment
            rows.append(row)
    return rows


def queue_rows(rows: list[Notification]) -> list[Notification]:
    """Queue rendered rows in the current transaction, skipping any (kind, key, recipient)
    already queued, and ask for delivery after commit. Returns the rows queued."""
    inserted = _insert(rows)
    rows = [row for row in rows if (row.kind, row.key, row.recipient) in inserted]
    if rows:
        transaction.on_commit(request_delivery)
    return rows


def _with_unsubscribe_line(body: str, url: str, language: str) -> str:
    with translation.override(language):
        line = _("To stop getting these messages, open: %(url)s") % {"url": url}
    return f"{body.rstrip()}\n\n{line}\n"


def _chunks(values, size):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _insert(rows: list[Notification]) -> set[tuple[str, str, str]]:
    """Insert the rows, one statement per 5 000, skipping any already queued (a job racing
    another one still inserts each message only once); returns the (kind, key, recipient)
    of those inserted. Each column goes as one array,
    unnested by PostgreSQL: a mass message of 20 000 rows is queued in a few seconds, where
    ``bulk_create``'s VALUES lists (a parameter per cell, compiled by Django and split by the
    driver) took 20."""
    fields, sql = _insert_statement()
    inserted = set()
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, 5000):
            # The outbox's columns are plain text, numbers, times and bytes, which the
            # driver adapts as they are (no per-cell get_db_prep_save: a third of the time).
            columns = [[getattr(row, field.attname) for row in chunk] for field in fields]
            cursor.execute(sql, columns)
            inserted.update(cursor.fetchall())
    return inserted


@functools.cache
def _insert_statement() -> tuple[list, str]:
    """The outbox's columns and ``_insert``'s statement (made once: a submit queues its
    receipt while it holds the diarienummer lock)."""
    fields = [field for field in Notification._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    sql = (
        "INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays}) ON CONFLICT DO NOTHING "
        "RETURNING {kind}, {key}, {recipient}"
    )
    return fields, sql.format(
        table=quote(Notification._meta.db_table),
        columns=", ".join(quote(field.column) for field in fields),
        arrays=", ".join(f"%s::{field.db_type(connection)}[]" for field in fields),
        kind=quote("kind"),
        key=quote("key"),
        recipient=quote("recipient"),
    )


# Seconds a user's request waits on the broker: a hung Redis (stopped, or a network that drops
# packets) accepts the connection but never answers, and without a timeout the request hangs.
BROKER_TIMEOUT = 2
REQUEST_TRANSPORT_OPTIONS = {
    "max_retries": 0,
    "socket_timeout": BROKER_TIMEOUT,
    "socket_connect_timeout": BROKER_TIMEOUT,
}


_broker = threading.local()  # this thread's connection to the broker, kept between requests


def request_delivery() -> None:
    """Ask a worker to send now. The connection tries once (no retries) with short socket
    timeouts, so a user's request never waits on a broker that is down or hung; the periodic
    drain sends the message later. Each thread keeps its connection (a new one cost a
    deadline-day submit 6 ms of CPU, bench/deadline.py) until it fails. The task is sent by
    its name: portal.tasks imports this module, so importing it here would make a cycle.

    A drain asked for and not yet started will read this row too (it takes the flag down
    before it reads: ``drain_starting``), so the request is not sent again: on deadline day
    200 receipts make a few tasks, not 200 (each publish cost a submit ≈2 ms of CPU)."""
    try:
        if not cache.add(DRAIN_REQUESTED_KEY, 1, DRAIN_REQUESTED_SECONDS):
            return
    except Exception as error:  # Redis down or hung: so is the broker here (the same Redis)
        logger.warning("Redis unreachable, notifications wait for the next drain: %s", error)
        return  # the request waited its timeout once; beat's drain sends within a minute
    url = current_app.conf.broker_url
    if getattr(_broker, "url", None) != url:
        _broker.connection = None  # none yet, or Celery was pointed at another broker
    try:
        if _broker.connection is None:
            _broker.connection = current_app.connection_for_write(
                transport_options=REQUEST_TRANSPORT_OPTIONS
            )
            _broker.url = url
        current_app.send_task(OUTBOX_DRAIN_TASK, retry=False, connection=_broker.connection)
    except Exception as error:  # kombu raises several kinds when the broker is down
        with suppress(Exception):
            _broker.connection.release()
        _broker.connection = None
        drain_starting()  # not asked after all: the next row asks again
        logger.warning("Broker unreachable, notifications wait for the next drain: %s", error)


def drain_starting() -> None:
    """Take down the "drain asked for" flag before a drain reads its rows: a row committed
    from now on asks for a drain of its own. The flag also expires by itself, should a
    task be lost, and beat drains every minute whatever it says."""
    with suppress(Exception):
        cache.delete(DRAIN_REQUESTED_KEY)


def deliver_pending(limit: int = BATCH) -> int:
    """Send up to ``limit`` due messages, highest priority first, each through its channel;
    returns how many were sent. Safe to run in several workers at once: each locks its rows
    and skips the others'. Under ``OUTBOX_MAX_PER_MINUTE`` only what the minute still allows
    is sent; the rest stays waiting for the next minute's drain (beat runs it every minute)."""
    delivered = []
    minute = _minute()
    allowed = rate_reserve(limit, minute)
    if not allowed:
        return 0
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(
                status__in=workflow.sources(Notification.Status.SENT, workflow.WORKER),
                send_after__lte=timezone.now(),
            )
            .order_by("-priority", "send_after", "pk")[:allowed]
        )
        rate_release(allowed - len(rows), minute)
        if not rows:
            return 0
        by_channel = defaultdict(list)
        for row in rows:
            by_channel[row.channel].append(row)
        for name, batch in by_channel.items():
            delivered += _send(name, batch)
        # One statement for the batch (bulk_update's CASE per row took longer than sending).
        Notification.objects.filter(pk__in=[row.pk for row in delivered]).update(
            status=Notification.Status.SENT, sent_at=timezone.now(), last_error=""
        )
    return len(delivered)


def _send(name: str, rows: list[Notification]) -> list[Notification]:
    """Send ``rows`` through the channel ``name``; the rows sent. A channel that cannot be
    opened (SMTP down, unknown name) fails each row, to be tried again later."""
    sent, handled = [], set()
    try:
        with channels.channel(name) as channel:
            for row in rows:
                handled.add(row.pk)
                try:
                    channel.send(row)
                except Exception as error:  # refused, or the server went away: try again later
                    _failed(row, error)
                    continue
                sent.append(row)
    except Exception as error:  # opening the channel failed (or closing it, after the rows)
        for row in rows:
            if row.pk not in handled:
                _failed(row, error)
    return sent


# --- the rate the mail system allows -------------------------------------------------------
RATE_KEY = "outbox:sent:{minute}"


def _minute() -> int:
    return int(time.time() // 60)


def rate_reserve(wanted: int, minute: int) -> int:
    """How many of ``wanted`` messages may be sent now under ``OUTBOX_MAX_PER_MINUTE`` (0:
    no limit), counted across every worker in one Redis counter per minute: the wanted
    number is added atomically, what the sum passes the limit by is not granted and is
    taken off again. Workers asking at once may each get less, never together more."""
    limit = settings.OUTBOX_MAX_PER_MINUTE
    if not limit or not wanted:
        return wanted
    key = RATE_KEY.format(minute=minute)
    cache.add(key, 0, timeout=120)  # the window's counter, gone after it
    used = cache.incr(key, wanted)
    granted = max(0, min(wanted, limit - (used - wanted)))
    if granted < wanted:  # keep only what was granted on the count
        cache.decr(key, wanted - granted)
    return granted


def rate_release(unused: int, minute: int) -> None:
    """Give back to ``minute``'s count what was reserved but not sent (fewer were due)."""
    if settings.OUTBOX_MAX_PER_MINUTE and unused > 0:
        with suppress(ValueError):  # the window expired meanwhile: nothing to give back to
            cache.decr(RATE_KEY.format(minute=minute), unused)


def _failed(row: Notification, error: Exception) -> None:
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    if row.attempts >= Notification.MAX_ATTEMPTS and workflow.allowed(
        row.status, Notification.Status.FAILED, workflow.WORKER
    ):
        row.status = Notification.Status.FAILED
    else:  # back off: 2, 4, 8 ... minutes
        row.send_after = timezone.now() + timedelta(minutes=2**row.attempts)
    row.save(update_fields=["attempts", "last_error", "status", "send_after"])
    logger.warning("Notification %s to %s failed: %s", row.pk, row.recipient, row.last_error)


def notifications_send_again(*, notifications, by) -> int:
    """Queue failed messages again (from the admin), in the moves the outbox's table allows
    staff, audited; a worker is asked to send them now. Returns how many were queued."""
    staff_sources = workflow.sources(Notification.Status.PENDING, workflow.STAFF)
    with transaction.atomic():
        rows = list(
            notifications.select_for_update().filter(status__in=staff_sources).order_by("pk")
        )
        for row in rows:
            audit_record(
                actor=by,
                action="notification.queued_again",
                target=row,
                municipality=row.municipality,
                before={"status": row.status, "attempts": row.attempts},
                after={"status": Notification.Status.PENDING},
            )
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
            status=Notification.Status.PENDING, attempts=0, send_after=timezone.now()
        )
    if rows:
        transaction.on_commit(request_delivery)
    return len(rows)
