"""The daily and weekly digests of alerts (a daily rule of portal.reminders), registered
from ``OutreachConfig.ready()``.

Each morning every person with a daily digest gets one email listing their alerts not yet
sent (title, summary, link), people with a weekly digest on Mondays. The alerts listed are
marked sent in the same transaction. The outbox key holds the date, so the rule run twice
on a day sends one digest; alerts that came in between wait for the next one.

The same rule sends what is still waiting for people who want news at once (a task that
never ran, a broker that was down), so no alert is left behind.
"""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from outreach.models import Alert, AlertSetting
from outreach.services.alerts import send_at_once, unsubscribe_for
from portal import announcements, reminders
from portal.links import absolute_reverse, absolute_url
from portal.notifications import notify_many

F = AlertSetting.Frequency
DIGEST_KIND = "outreach.digest"
DIGEST_TEMPLATE = "outreach/email/digest"
MONDAY = 0


def digest_key(municipality_id: int, user_id: int, today) -> str:
    return f"digest:{municipality_id}:{user_id}:{today.isoformat()}"


def _due(today) -> list[str]:
    return [F.DAILY, F.WEEKLY] if today.weekday() == MONDAY else [F.DAILY]


@reminders.rule
def alert_digests(municipality, today) -> int:
    """The digests due today in ``municipality``; how many were queued."""
    queued = _digests(municipality, today)
    for key in _left_at_once(municipality):
        queued += send_at_once(key, municipality.pk)
    return queued


@transaction.atomic
def _digests(municipality, today) -> int:
    waiting = list(
        Alert.objects.select_for_update(of=("self",), skip_locked=True)
        .filter(
            municipality=municipality,
            sent_at__isnull=True,
            user__is_active=True,
            user__alert_settings__municipality=municipality,
            user__alert_settings__frequency__in=_due(today),
        )
        .select_related("user")
        .order_by("user_id", "created_at", "pk")
    )
    if not waiting:
        return 0
    by_user = defaultdict(list)
    for alert in waiting:
        by_user[alert.user_id].append(alert)
    frequency = dict(
        AlertSetting.objects.filter(municipality=municipality, user_id__in=by_user).values_list(
            "user_id", "frequency"
        )
    )
    follows_url = absolute_reverse("outreach:follows", args=[municipality.slug])
    items = []
    for alerts in by_user.values():
        context = {
            "municipality": municipality,
            "weekly": frequency.get(alerts[0].user_id) == F.WEEKLY,
            "alerts": [
                {
                    "kind": announcements.KINDS.get(a.kind, ""),
                    "title": a.title,
                    "summary": a.summary,
                    "url": absolute_url(a.path),
                }
                for a in alerts
            ],
            "follows_url": follows_url,
        }
        user = alerts[0].user
        items.append((digest_key(municipality.pk, user.pk, today), context, [user]))
    rows = notify_many(
        kind=DIGEST_KIND,
        template=DIGEST_TEMPLATE,
        items=items,
        municipality=municipality,
        unsubscribe=unsubscribe_for(municipality.pk),
    )
    # Only the alerts of digests queued now are sent: a digest already queued today (a
    # second run) leaves the alerts that came since for the next one.
    sent_to = {row.user_id for row in rows}
    Alert.objects.filter(pk__in=[a.pk for a in waiting if a.user_id in sent_to]).update(
        sent_at=timezone.now()
    )
    return len(rows)


def _left_at_once(municipality) -> list[str]:
    """The announcements with alerts still unsent to people who want news at once."""
    return list(
        Alert.objects.filter(
            municipality=municipality,
            sent_at__isnull=True,
            user__alert_settings__municipality=municipality,
            user__alert_settings__frequency=F.AT_ONCE,
        )
        .values_list("key", flat=True)
        .distinct()
        .order_by("key")
    )
