"""Helpers of the following tests: people who follow things, announcements made the way
the apps make them, and the at-once task run in-process (no worker runs in the tests)."""

import pytest

from outreach import listeners
from outreach.models import AlertSetting, Follow
from outreach.services import alerts as alert_services
from portal import announcements
from portal.models import Notification
from tests.factories import UserFactory

F = AlertSetting.Frequency


def follower(municipality, *things, frequency=F.AT_ONCE, kinds=None, **user):
    """A person following ``things`` in ``municipality`` with the given setting."""
    person = UserFactory(**user)
    for thing in things:
        column = {
            "FocusArea": "focus_area", "District": "district", "Network": "network",
            "Organisation": "organisation",
        }[type(thing).__name__]  # fmt: skip
        Follow.objects.create(user=person, municipality=municipality, **{column: thing})
    AlertSetting.objects.create(
        user=person,
        municipality=municipality,
        frequency=frequency,
        kinds=list(announcements.KINDS) if kinds is None else kinds,
    )
    return person


def news(municipality, key="news:1", kind=announcements.NEWS, **about):
    return announcements.Announcement(
        kind=kind,
        key=key,
        municipality_id=municipality.pk,
        title=about.pop("title", "Nyhet om trygghet"),
        path=about.pop("path", "/nyheter/1/"),
        summary=about.pop("summary", "Kort om nyheten."),
        **about,
    )


@pytest.fixture
def in_process(monkeypatch):
    """The at-once task runs in the test's process when the listener asks for it."""
    asked = []

    def run(key, municipality_id):
        asked.append(key)
        alert_services.send_at_once(key, municipality_id)

    monkeypatch.setattr(listeners, "request_sending", run)
    return asked


def announce(django_capture_on_commit_callbacks, announcement):
    """Announce as the apps do, and run what waits for the commit."""
    with django_capture_on_commit_callbacks(execute=True):
        announcements.announce(announcement)


def alert_emails(kind=alert_services.ALERT_KIND):
    return Notification.objects.filter(kind=kind).order_by("recipient")
