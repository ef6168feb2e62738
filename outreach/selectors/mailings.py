"""Reads of mailings: how the delivery of a sent mailing goes, from the outbox's rows."""

from dataclasses import dataclass

from django.db.models import Count, Q

from outreach.models import Mailing
from portal.models import Notification

N = Notification.Status
KIND = "mailing"


@dataclass(frozen=True)
class Delivery:
    waiting: int
    sent: int
    failed: int

    @property
    def total(self) -> int:
        return self.waiting + self.sent + self.failed


def delivery(mailing: Mailing) -> Delivery:
    """The mailing's messages waiting, sent and failed, in one aggregate query."""
    counts = Notification.objects.filter(kind=KIND, key=f"mailing:{mailing.pk}").aggregate(
        waiting=Count("pk", filter=Q(status=N.PENDING)),
        sent=Count("pk", filter=Q(status=N.SENT)),
        failed=Count("pk", filter=Q(status=N.FAILED)),
    )
    return Delivery(**counts)


def failures(mailing: Mailing, limit: int = 50) -> list[Notification]:
    """The first messages that could not be delivered (address and reason), for the page."""
    return list(
        Notification.objects.filter(kind=KIND, key=f"mailing:{mailing.pk}", status=N.FAILED)
        .only("recipient", "last_error", "attempts")
        .order_by("recipient")[:limit]
    )
