"""Mobilisation and volunteering's retention rules (run by ``portal.retention``), registered
from ``VolunteeringConfig.ready()``. Two rules, each kept short enough to explain to a
volunteer who asks:

* **Expressions of interest older than two years are deleted.** An interest is a message
  from a volunteer to a post's host ("I would like to help"); the host answers it directly
  and the portal keeps nothing of what followed. After two years the post has long been
  filled or closed, so the row (and the free text in it) has no purpose left.
* **The free-text messages of pledges are emptied five years after their call-out closed.**
  A pledge's message is what the giver wrote to the coordinator, and may name people or say
  something about them. The pledge itself stays (who gave how many people and hours) because
  it is the record of the municipality's call-out and counts in the figures and in the
  volunteer's certificate. Five years leaves room for the follow-up of a crisis (an
  evaluation, an insurance matter) before the words go; the numbers stay.

Volunteers' own profiles are not thinned here: a volunteer removes them, and everything
they gave, through the erasure on My page (the hours stay in the figures without a name).
"""

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

from portal import audit_text, retention
from volunteering.models import CallOut, Interest, Pledge

INTEREST_YEARS = 2
PLEDGE_MESSAGE_YEARS = 5


@retention.rule
def old_interests(municipality, policy, now) -> list[retention.Step]:
    old = Interest.objects.filter(
        post__municipality=municipality,
        created_at__lt=now - relativedelta(years=INTEREST_YEARS),
    )
    return [retention.Step("volunteer_interests", municipality, old, action=_delete_interests)]


@retention.rule
def old_pledge_messages(municipality, policy, now) -> list[retention.Step]:
    old = Pledge.objects.filter(
        callout__municipality=municipality,
        callout__status=CallOut.Status.CLOSED,
        callout__closed_at__lt=now - relativedelta(years=PLEDGE_MESSAGE_YEARS),
    ).exclude(message="")
    return [retention.Step("pledge_messages", municipality, old, action=_empty_pledge_messages)]


def _delete_interests(ids) -> None:
    Interest.objects.filter(pk__in=ids).delete()


def _empty_pledge_messages(ids) -> None:
    Pledge.objects.filter(pk__in=ids).update(message="")


def _interests(event) -> None:
    event.say(_("Retention: volunteers' expressions of interest older than two years removed"))
    event.note(_("How many"), str(event.after.get("count", "")))


def _pledge_messages(event) -> None:
    event.say(_("Retention: messages of pledges to call-outs closed five years ago emptied"))
    event.note(_("How many"), str(event.after.get("count", "")))


audit_text.register("retention.volunteer_interests", _interests)
audit_text.register("retention.pledge_messages", _pledge_messages)
