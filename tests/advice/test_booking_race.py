"""Two people book the last advice time at the same moment, each through the real page in
a connection of its own: one gets it, the other a clear message (the time's row is locked
while its bookings are counted)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from advice.models import AdviceBooking, AdviceSlot
from portal.models import Role
from portal.services import role_assign
from tests.factories import MunicipalityFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_two_people_booking_the_last_time_at_once_one_wins():
    municipality = MunicipalityFactory(name="Nacka kommun", slug="nacka")
    officer = UserFactory()
    role_assign(user=officer, municipality=municipality, role=Role.COORDINATOR)
    start = timezone.now() + timedelta(days=3)
    slot = AdviceSlot.objects.create(
        municipality=municipality, officer=officer, title="Bidrag", starts_at=start,
        ends_at=start + timedelta(minutes=30), mode="video", video_url="https://v.example.se",
    )  # fmt: skip
    people = [UserFactory(), UserFactory()]
    barrier, pages, errors = threading.Barrier(2), [], []
    url = reverse("advice:book", args=[slot.pk])

    def press_book(user):
        client = Client()
        client.force_login(user)
        try:
            barrier.wait(timeout=30)
            pages.append(client.post(url, {"question": "Hur söker vi?"}))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=press_book, args=[user]) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(p.status_code for p in pages) == [200, 302]
    [refused] = [p for p in pages if p.status_code == 200]
    assert "Någon annan har just bokat den här tiden" in refused.content.decode()
    assert AdviceBooking.objects.filter(slot=slot, status="booked").count() == 1
