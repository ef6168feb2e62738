"""News of something new that people may follow: a call for applications opens, a call-out
is sent, a public meeting is planned, a story or a news item is published.

The apps that publish things know when it happens but not who follows what; the app that
keeps the follows (``outreach``) sits above them. So the publishing app *announces* here, on
the ground floor, and the listeners registered by the apps above decide who hears of it::

    from portal import announcements

    announcements.announce(announcements.Announcement(
        kind=announcements.CALL, key=f"call:{call.pk}", municipality_id=call.municipality_id,
        title=str(call), path=call_url, focus_area_ids=[...], district_ids=[...],
    ))

Listeners run after the transaction commits (nothing is announced for a change that was
rolled back), once per announcement; the ``key`` makes repeating one harmless, as the
listeners store it with a unique key.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

# What can be announced (the kinds people choose to hear of).
CALL = "call"  # a grant call (utlysning) opens
CALLOUT = "callout"  # a call-out (upprop) is sent
MEETING = "meeting"  # a public meeting or forum is planned
STORY = "story"  # a story of good practice is published
NEWS = "news"  # a news item is published

KINDS = {
    CALL: _("New calls for applications"),
    CALLOUT: _("Call-outs"),
    MEETING: _("Meetings and forums"),
    STORY: _("Stories of good practice"),
    NEWS: _("News"),
}


@dataclass(frozen=True)
class Announcement:
    """Something new, and what it is about (ids; empty means "not about any in particular").
    ``path`` is the page's path on the portal (no host), ``summary`` a sentence or two."""

    kind: str
    key: str
    municipality_id: int
    title: str
    path: str
    summary: str = ""
    focus_area_ids: Iterable[int] = field(default_factory=tuple)
    district_ids: Iterable[int] = field(default_factory=tuple)
    network_ids: Iterable[int] = field(default_factory=tuple)
    organisation_ids: Iterable[int] = field(default_factory=tuple)


_LISTENERS: list[Callable[[Announcement], None]] = []


def listen(function: Callable[[Announcement], None]) -> Callable[[Announcement], None]:
    """Register ``function(announcement)`` (a decorator; from an AppConfig.ready() import)."""
    if function not in _LISTENERS:
        _LISTENERS.append(function)
    return function


def unlisten(function) -> None:
    """Forget a listener (tests that register one of their own)."""
    if function in _LISTENERS:
        _LISTENERS.remove(function)


def announce(announcement: Announcement) -> None:
    """Tell the listeners, after the current transaction commits."""
    if announcement.kind not in KINDS:
        raise ValueError(f"Unknown announcement kind {announcement.kind!r}")
    frozen = Announcement(
        **{
            **announcement.__dict__,
            "focus_area_ids": tuple(sorted(set(announcement.focus_area_ids))),
            "district_ids": tuple(sorted(set(announcement.district_ids))),
            "network_ids": tuple(sorted(set(announcement.network_ids))),
            "organisation_ids": tuple(sorted(set(announcement.organisation_ids))),
        }
    )
    transaction.on_commit(lambda: _tell(frozen))


def _tell(announcement: Announcement) -> None:
    for listener in list(_LISTENERS):
        listener(announcement)
