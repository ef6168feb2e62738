"""A call-out (upprop) on its way to its recipients: one outbox row each, in their language,
an acute call-out ahead of everything else in the queue (portal.notifications).

The message does not name its reader, so it is rendered once per language however many
receive it (``notify_many(personal=False)``): 20 000 rows are queued in seconds. Rows are
unique per call-out and address, so queuing again (a retried task, a second click) adds
only people who were not reached before.
"""

from django.urls import NoReverseMatch
from django.utils.functional import lazy

from portal.links import absolute_reverse
from portal.models import Notification
from portal.notifications import notify_many
from volunteering.languages import names
from volunteering.models import CallOut
from volunteering.selectors.targeting import recipients

KIND = "callout"
TEMPLATE = "volunteering/email/callout"


def callout_key(callout: CallOut) -> str:
    return f"callout:{callout.pk}"


def callout_url(callout: CallOut) -> str:
    """The call-out's page, absolute; the municipality's page if it has none (yet)."""
    for name, args in [
        ("volunteering:callout", [callout.pk]),
        ("volunteering:index", []),
        ("municipality", [callout.municipality.slug]),
    ]:
        try:
            return absolute_reverse(name, args=args)
        except NoReverseMatch:
            continue
    return absolute_reverse("home")


def _joined(codes) -> str:
    return ", ".join(names(codes))


def _context(callout: CallOut) -> dict:
    """What the message says. Language names are lazy: each is written in the reader's
    language when the message is rendered in it."""
    skills = ", ".join(callout.skills.order_by("ordering", "name").values_list("name", flat=True))
    return {
        "callout": callout,
        "acute": callout.is_acute,
        "skills": skills,
        "languages": lazy(_joined, str)(callout.languages) if callout.languages else "",
        "url": callout_url(callout),
    }


def queue_callout(callout: CallOut) -> int:
    """Queue the call-out for everyone it reaches now (volunteering.selectors.targeting);
    returns how many rows were queued by this call (0 when all were queued before). Sets
    ``recipient_count`` to everyone queued for it so far. Delivery is asked for on commit."""
    people = recipients(callout)
    rows = notify_many(
        kind=KIND,
        template=TEMPLATE,
        items=[(callout_key(callout), _context(callout), people)],
        municipality=callout.municipality,
        priority=Notification.Priority.HIGH if callout.is_acute else Notification.Priority.NORMAL,
        personal=False,
    )
    callout.recipient_count = Notification.objects.filter(
        kind=KIND, key=callout_key(callout)
    ).count()
    CallOut.objects.filter(pk=callout.pk).update(recipient_count=callout.recipient_count)
    return len(rows)
