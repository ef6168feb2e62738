"""What grants announce to followers (portal.announcements): a call for applications
(utlysning) that opens, with its focus areas (the call's own, else the programme's) and the
programme's districts.

A call is announced on its opening day: when it is saved with an opening day that has
come (created already open, or moved to open today), and by the daily rule
``grants.reminders.calls_opening`` for calls that open on a later day. A call already
closed, or of a programme no longer active, is not announced. Announcing a call again
alerts nobody twice (the followers' alerts are unique per announcement key)."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from grants.models import Call
from grants.services.applications import focus_areas_of
from portal import announcements


def call_key(call: Call) -> str:
    return f"call:{call.pk}"


def call_announce(call: Call, today=None) -> bool:
    """Announce ``call`` if its opening day has come (``today``: the day the daily rule
    runs for) and it has not closed; whether it was announced (the listeners run after
    the commit)."""
    today = today or timezone.localdate()
    programme = call.programme
    if (
        not programme.is_active
        or timezone.localdate(call.opens_at) > today
        or (call.closes_at is not None and call.closes_at <= timezone.now())
    ):
        return False
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("grants:call", args=[call.pk])
    announcements.announce(
        announcements.Announcement(
            kind=announcements.CALL,
            key=call_key(call),
            municipality_id=programme.committee.municipality_id,
            title=call.title,
            path=path,
            summary=programme.summary,
            focus_area_ids=focus_areas_of(call),
            district_ids=programme.districts.values_list("pk", flat=True),
        )
    )
    return True


def calls_opening_on(municipality, day):
    """The calls of ``municipality`` whose opening day is ``day``."""
    return (
        Call.objects.filter(
            programme__committee__municipality=municipality, programme__is_active=True
        )
        .filter(opens_at__date=day)
        .select_related("programme__committee")
    )
