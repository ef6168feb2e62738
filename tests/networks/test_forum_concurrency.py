"""Thirty people take the last places of an open forum at the same moment, each through the
real sign-up page in a connection of its own, while members' yes-answers hold most of the
places: the forum is never overfilled, the rest wait in line, and each is recorded once
(the meeting's row is locked while members' answers and sign-ups are counted together)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from networks import signups
from networks.models import Invitation, Meeting, MeetingPlace, NetworkMember, OpenSignup
from portal.models import Notification
from tests.factories import MunicipalityFactory, NetworkFactory, UserFactory

PEOPLE = 30
PLACES = 10
MEMBERS_YES = 7  # three places are left when the thirty press the button


@pytest.mark.django_db(transaction=True)
def test_thirty_people_taking_the_last_places_never_overfill_the_forum(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    municipality = MunicipalityFactory(name="Nacka kommun", slug="nacka")
    network = NetworkFactory(municipality=municipality, visibility="public")
    place = MeetingPlace.objects.create(
        municipality=municipality, name="Stadshuset", street_address="Granitvägen 15", city="Nacka"
    )
    start = timezone.now() + timedelta(days=3)
    meeting = Meeting.objects.create(
        network=network, title="Forum", starts_at=start, ends_at=start + timedelta(hours=2),
        place=place, capacity=PLACES, is_public=True, open_signup=True,
    )  # fmt: skip
    for _n in range(MEMBERS_YES):
        member = NetworkMember.objects.create(
            network=network, kind="individual", user=UserFactory()
        )
        Invitation.objects.create(meeting=meeting, member=member, response="yes")
    barrier, statuses, errors = threading.Barrier(PEOPLE), [], []
    url = reverse("networks:forum_signup", args=[meeting.pk])

    def press_sign_up(n):
        client = Client(REMOTE_ADDR=f"10.0.0.{n + 1}")
        data = {"name": f"Person {n}", "email": f"person{n}@example.se", "places": "1"}
        try:
            barrier.wait(timeout=30)
            statuses.append(client.post(url, data).status_code)
        except Exception as error:  # reported below, with the others
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=press_sign_up, args=[n]) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert statuses == [302] * PEOPLE
    assert OpenSignup.objects.filter(meeting=meeting).count() == PEOPLE  # each once
    assert signups.places_taken(meeting) == PLACES  # never more than the places
    booked = OpenSignup.objects.filter(meeting=meeting, status="booked").count()
    assert booked == PLACES - MEMBERS_YES
    assert OpenSignup.objects.filter(meeting=meeting, status="waiting").count() == PEOPLE - 3
    assert Notification.objects.filter(kind="networks.forum_booked").count() == 3
    assert Notification.objects.filter(kind="networks.forum_waiting").count() == PEOPLE - 3
    positions = sorted(
        signups.waiting_position(s) for s in OpenSignup.objects.filter(status="waiting")
    )
    assert positions == list(range(1, PEOPLE - 2))
