"""Alerts: an announcement (portal.announcements) becomes one ``Alert`` per follower who
should hear of it (outreach.selectors.follows.followers), stored once per person and
announcement key; people who want news at once get an email through the outbox (the task
``outreach.tasks.alerts_send``, scheduled on commit), the others get it in their next
digest (outreach.digests).

Every email carries the one-click unsubscribe (List-Unsubscribe, RFC 8058) of its
municipality's alerts. Sending is idempotent twice over: an alert is marked sent in the
transaction that queues it, and the outbox's rows are unique per kind, key and address."""

import logging

from celery import current_app
from django.db import transaction
from django.utils import timezone

from outreach.models import Alert, AlertSetting
from outreach.selectors.follows import followers
from outreach.services.follows import unsubscribe_url
from portal import announcements
from portal.announcements import Announcement
from portal.links import absolute_reverse, absolute_url
from portal.notifications import REQUEST_TRANSPORT_OPTIONS, notify_many

logger = logging.getLogger(__name__)
F = AlertSetting.Frequency
ALERT_KIND = "outreach.alert"
ALERT_TEMPLATE = "outreach/email/alert"
SEND_TASK = "outreach.tasks.alerts_send"
BATCH = 5000


def alert_key(key: str) -> str:
    """The outbox key of the at-once email of an announcement (one per address)."""
    return f"alert:{key}"


def alerts_create(announcement: Announcement) -> tuple[int, bool]:
    """Store an alert for everyone who should hear of ``announcement`` (one query to find
    them, inserts in batches; an alert stored before is left as it is). Returns how many
    followers it matched and whether any of them wants it at once."""
    found = followers(announcement)
    if not found:
        return 0, False
    Alert.objects.bulk_create(
        [
            Alert(
                user_id=user_id,
                municipality_id=announcement.municipality_id,
                key=announcement.key[:200],
                kind=announcement.kind,
                title=announcement.title[:300],
                summary=announcement.summary,
                path=announcement.path[:500],
            )
            for user_id, _frequency in found
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    return len(found), any(frequency == F.AT_ONCE for _user, frequency in found)


def request_sending(key: str, municipality_id: int) -> None:
    """Ask a worker to email the at-once alerts of announcement ``key`` (after the commit).
    As for the outbox, the broker is asked once with short time-outs; when it is down the
    alerts are queued here and now instead (the outbox delivers them later)."""
    try:
        with current_app.connection_for_write(
            transport_options=REQUEST_TRANSPORT_OPTIONS
        ) as connection:
            current_app.send_task(
                SEND_TASK, args=[key, municipality_id], retry=False, connection=connection
            )
    except Exception as error:  # kombu raises several kinds when the broker is down
        logger.warning("Broker unreachable, alerts of %s queued in the request: %s", key, error)
        send_at_once(key, municipality_id)


def unsubscribe_for(municipality_id: int):
    """``notify_many``'s ``unsubscribe``: the person's one-click address for the
    municipality's alerts."""

    def address(_key, _email, user) -> str:
        return unsubscribe_url(user.pk, municipality_id) if user is not None else ""

    return address


def _context(alert: Alert) -> dict:
    return {
        "kind": announcements.KINDS.get(alert.kind, ""),
        "title": alert.title,
        "summary": alert.summary,
        "url": absolute_url(alert.path),
        "municipality": alert.municipality,
        "follows_url": absolute_reverse("outreach:follows", args=[alert.municipality.slug]),
    }


@transaction.atomic
def send_at_once(key: str, municipality_id: int) -> int:
    """Email the unsent alerts of announcement ``key`` in ``municipality_id`` to the people
    who want news at once and have not paused them; returns how many were queued. Marked
    sent in the same transaction (locked, so two runs at once queue each alert once)."""
    waiting = list(
        Alert.objects.select_for_update(of=("self",), skip_locked=True)
        .filter(key=key, municipality_id=municipality_id, sent_at__isnull=True)
        .filter(
            user__alert_settings__municipality_id=municipality_id,
            user__alert_settings__frequency=F.AT_ONCE,
            user__is_active=True,
        )
        .select_related("user", "municipality")
        .order_by("pk")
    )
    if not waiting:
        return 0
    first = waiting[0]
    rows = notify_many(
        kind=ALERT_KIND,
        template=ALERT_TEMPLATE,
        items=[(alert_key(key), _context(first), [a.user for a in waiting])],
        municipality=first.municipality,
        personal=False,
        unsubscribe=unsubscribe_for(municipality_id),
    )
    Alert.objects.filter(pk__in=[a.pk for a in waiting]).update(sent_at=timezone.now())
    return len(rows)
