"""Fifty people take the last places of a shift at the same moment, each through the real
page in a connection of its own: the shift is never overfilled, the rest wait in line, and
every one of them is recorded once (the shift's row is locked while places are counted,
portal.capacity's rule shared with network meetings)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import Administration, Notification, Role
from portal.services import role_assign
from tests.factories import CommitteeFactory, MunicipalityFactory, UserFactory
from volunteering.models import Post, Shift, ShiftSignup, Volunteer

PEOPLE = 50
PLACES = 12
ALREADY_BOOKED = 9  # three places are left when the fifty press the button


@pytest.mark.django_db(transaction=True)
def test_fifty_people_taking_the_last_places_never_overfill_the_shift():
    municipality = MunicipalityFactory(name="Nacka kommun", slug="nacka")
    administration = Administration.objects.create(
        municipality=municipality, name="Kultur- och fritidsförvaltningen", slug="kff"
    )
    administration.committees.add(CommitteeFactory(municipality=municipality))
    host = UserFactory()
    role_assign(user=host, municipality=municipality, role=Role.COORDINATOR)
    post = Post.objects.create(
        municipality=municipality, administration=administration, activity="MeetingPoint",
        title="Värd på MeetingPoint", description="Ta emot besökare.", contact_name="Kim",
        contact_email="kim@example.se", status=Post.Status.PUBLISHED,
    )  # fmt: skip
    start = timezone.now() + timedelta(days=2)
    shift = Shift.objects.create(
        post=post, starts_at=start, ends_at=start + timedelta(hours=3), places=PLACES
    )

    def volunteer(n):
        return Volunteer.objects.create(
            user=UserFactory(email=f"frivillig{n}@example.se"), municipality=municipality,
            reach_by=["email"], consent_version=Volunteer.CONSENT_VERSION,
        )  # fmt: skip

    for n in range(ALREADY_BOOKED):
        ShiftSignup.objects.create(shift=shift, volunteer=volunteer(1000 + n))
    people = [volunteer(n).user for n in range(PEOPLE)]
    barrier, statuses, errors = threading.Barrier(PEOPLE), [], []
    url = reverse("volunteering:shift_sign_up", args=[shift.pk])

    def press_sign_up(user):
        client = Client()
        client.force_login(user)
        try:
            barrier.wait(timeout=30)
            statuses.append(client.post(url).status_code)
        except Exception as error:  # reported below, with the others
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=press_sign_up, args=[user]) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert statuses == [302] * PEOPLE
    theirs = ShiftSignup.objects.filter(volunteer__user__in=people)
    assert theirs.count() == PEOPLE  # every one recorded, once
    booked = ShiftSignup.objects.filter(shift=shift, status=ShiftSignup.Status.CONFIRMED)
    assert booked.count() == PLACES  # never more than the places
    assert theirs.filter(status=ShiftSignup.Status.CONFIRMED).count() == PLACES - ALREADY_BOOKED
    assert theirs.filter(status=ShiftSignup.Status.WAITING).count() == PEOPLE - 3
    assert Notification.objects.filter(kind="volunteering.shift_booked").count() == 3
    assert Notification.objects.filter(kind="volunteering.shift_waiting").count() == PEOPLE - 3
