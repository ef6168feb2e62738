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

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.models import Notification

logger = logging.getLogger(__name__)
BATCH = 200


def render(template: str, context: dict, language: str) -> tuple[str, str]:
    """Subject and body of ``<template>_subject.txt`` / ``<template>.txt`` in ``language``."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    return subject[:255], body


def absolute_url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def notify(*, kind: str, key: str, template: str, context: dict, recipients, municipality=None,
           attachment=None) -> list[Notification]:  # fmt: skip
    """Queue one message per recipient (a User or an email address), rendered in the
    recipient's language; ``attachment`` is (file name, bytes, content type). Rows already
    queued for (kind, key, recipient) are left alone."""
    rows = []
    recipients = [r for r in recipients if r]
    emails = [r.email if hasattr(r, "email") else str(r) for r in recipients]
    queued = set(
        Notification.objects.filter(kind=kind, key=key[:200], recipient__in=emails).values_list(
            "recipient", flat=True
        )
    )
    for recipient, email in zip(recipients, emails, strict=True):
        user = recipient if hasattr(recipient, "email") else None
        if not email or email in queued:
            continue
        queued.add(email)
        language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
        context = {**context, "recipient": user}
        subject, body = render(template, context, language)
        row = Notification(kind=kind, key=key[:200], municipality=municipality, recipient=email,
                           user=user, language=language, subject=subject, body=body)  # fmt: skip
        if attachment:
            row.attachment_name, row.attachment, row.attachment_type = attachment
        rows.append(row)
    # ignore_conflicts: a job racing another one still inserts each message only once
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        transaction.on_commit(request_delivery)
    return rows


def request_delivery() -> None:
    """Ask a worker to send now; if the broker is unreachable, the periodic drain will."""
    from portal.tasks import outbox_drain

    try:
        outbox_drain.apply_async(retry=False)
    except Exception as error:  # kombu raises several kinds when the broker is down
        logger.warning("Broker unreachable, notifications wait for the next drain: %s", error)


def deliver_pending(limit: int = BATCH) -> int:
    """Send up to ``limit`` due messages; returns how many were sent. Safe to run in several
    workers at once: each locks its rows and skips the others'."""
    sent = 0
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(status=Notification.Status.PENDING, send_after__lte=timezone.now())
            .order_by("send_after", "pk")[:limit]
        )
        if not rows:
            return 0
        with get_connection() as connection:
            for row in rows:
                message = EmailMessage(row.subject, row.body, to=[row.recipient],
                                       connection=connection)  # fmt: skip
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
                row.save(update_fields=["status", "sent_at", "last_error"])
                sent += 1
    return sent


def _failed(row: Notification, error: Exception) -> None:
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    if row.attempts >= Notification.MAX_ATTEMPTS:
        row.status = Notification.Status.FAILED
    else:  # back off: 2, 4, 8 ... minutes
        row.send_after = timezone.now() + timedelta(minutes=2**row.attempts)
    row.save(update_fields=["attempts", "last_error", "status", "send_after"])
    logger.warning("Notification %s to %s failed: %s", row.pk, row.recipient, row.last_error)


def organisation_people(organisation, roles=None):
    """The users of an organisation (optionally only some membership roles)."""
    from portal.models import User

    people = User.objects.filter(memberships__organisation=organisation, is_active=True)
    if roles:
        people = people.filter(memberships__role__in=roles)
    return list(people.distinct())
