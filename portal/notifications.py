"""The outbox: every email the portal sends is first a Notification row, written in the
transaction of the change that causes it, then delivered by a Celery worker.

* Nothing is lost: if the broker is down when the transaction commits, the row waits and the
  periodic ``outbox_drain`` task (every minute) sends it once the broker is back.
* Nothing is sent twice by a repeated job: rows are unique per (kind, key, recipient), and a
  worker locks the rows it sends (``skip_locked``), marking them sent in the same transaction.
* Officers see in the admin what was sent, what failed and why.
"""

import logging
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation

from portal import email_identity, workflow
from portal.models import Notification
from portal.services import audit_record

logger = logging.getLogger(__name__)
BATCH = 200
OUTBOX_DRAIN_TASK = "portal.tasks.outbox_drain"


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
) -> list[Notification]:
    """Queue one message per recipient (a User or an email address), rendered in the
    recipient's language; ``attachment`` is (file name, bytes, content type). Rows already
    queued for (kind, key, recipient) are left alone."""
    return notify_many(
        kind=kind,
        template=template,
        municipality=municipality,
        items=[(key, context, recipients)],
        attachment=attachment,
    )


def notify_many(*, kind: str, template: str, items, municipality=None, attachment=None):
    """``notify`` for many reasons at once (reminder jobs): ``items`` are (key, context,
    recipients). One query finds what is already queued, inserts go in batches."""
    items = [
        (key[:200], context, [r for r in recipients if r]) for key, context, recipients in items
    ]
    keys = {key for key, _context, _recipients in items}
    queued = set()
    for chunk in _chunks(sorted(keys), 5000):
        queued |= set(
            Notification.objects.filter(kind=kind, key__in=chunk).values_list("key", "recipient")
        )
    rows = []
    for key, context, recipients in items:
        for recipient in recipients:
            user = recipient if hasattr(recipient, "email") else None
            email = user.email if user else str(recipient)
            if not email or (key, email) in queued:
                continue
            queued.add((key, email))
            language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
            named = [municipality] if municipality else email_identity.municipalities_of(user)
            subject, body = render(template, {**context, "recipient": user}, language, named)
            row = Notification(
                kind=kind,
                key=key,
                municipality=municipality,
                recipient=email,
                user=user,
                language=language,
                subject=subject,
                body=body,
            )
            if attachment:
                row.attachment_name, row.attachment, row.attachment_type = attachment
            rows.append(row)
    # ignore_conflicts: a job racing another one still inserts each message only once
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    if rows:
        transaction.on_commit(request_delivery)
    return rows


def _chunks(values, size):
    for start in range(0, len(values), size):
        yield values[start : start + size]


# Seconds a user's request waits on the broker: a hung Redis (stopped, or a network that drops
# packets) accepts the connection but never answers, and without a timeout the request hangs.
BROKER_TIMEOUT = 2
REQUEST_TRANSPORT_OPTIONS = {
    "max_retries": 0,
    "socket_timeout": BROKER_TIMEOUT,
    "socket_connect_timeout": BROKER_TIMEOUT,
}


def request_delivery() -> None:
    """Ask a worker to send now. The connection tries once (no retries) with short socket
    timeouts, so a user's request never waits on a broker that is down or hung; the periodic
    drain sends the message later. The task is sent by its name: portal.tasks imports this
    module, so importing it here would make a cycle."""
    try:
        with current_app.connection_for_write(
            transport_options=REQUEST_TRANSPORT_OPTIONS
        ) as connection:
            current_app.send_task(OUTBOX_DRAIN_TASK, retry=False, connection=connection)
    except Exception as error:  # kombu raises several kinds when the broker is down
        logger.warning("Broker unreachable, notifications wait for the next drain: %s", error)


def deliver_pending(limit: int = BATCH) -> int:
    """Send up to ``limit`` due messages; returns how many were sent. Safe to run in several
    workers at once: each locks its rows and skips the others'."""
    delivered = []
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(
                status__in=workflow.sources(Notification.Status.SENT, workflow.WORKER),
                send_after__lte=timezone.now(),
            )
            .order_by("send_after", "pk")[:limit]
        )
        if not rows:
            return 0
        with get_connection() as connection:
            for row in rows:
                message = EmailMessage(
                    row.subject, row.body, to=[row.recipient], connection=connection
                )
                if row.attachment:
                    message.attach(row.attachment_name, bytes(row.attachment), row.attachment_type)
                try:
                    message.send()
                except Exception as error:  # SMTP refused it or is down: try again later
                    _failed(row, error)
                    continue
                row.status, row.sent_at, row.last_error = (
                    Notification.Status.SENT,
                    timezone.now(),
                    "",
                )
                delivered.append(row)
        Notification.objects.bulk_update(delivered, ["status", "sent_at", "last_error"])
    return len(delivered)


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
