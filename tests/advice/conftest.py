"""Advice times of an officer of municipality X: in person, by phone and by video, next
week; an association of X with its responsible person."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from advice.models import AdviceSlot
from advice.services import slots as slot_services
from networks.models import MeetingPlace
from organisations.models import Membership
from tests.factories import OrganisationFactory, UserFactory


@dataclass
class AdviceWorld:
    officer: object
    in_person: AdviceSlot
    phone: AdviceSlot
    video: AdviceSlot
    organisation: object
    chair: object  # responsible for the organisation
    member: object  # a member without the right to act


def slot(world, officer, *, mode="in_person", days=7, hour=13, **data):
    start = timezone.localtime(timezone.now() + timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )
    extra = {"in_person": {"address": "Granitvägen 15, Nacka"}, "phone": {},
             "video": {"video_url": "https://video.example.se/rum"}}[mode]  # fmt: skip
    [made] = slot_services.slot_series(
        municipality=world.x, officer=officer, by=officer,
        times=[(start, start + timedelta(minutes=30))],
        data={"title": "Föreningsbidrag", "mode": mode, **extra, **data},
    )  # fmt: skip
    return made


@pytest.fixture
def adv(world):
    officer = world.users["officer_x"]
    MeetingPlace.objects.create(municipality=world.x, name="Stadshuset",
                                street_address="Granitvägen 15", city="Nacka")  # fmt: skip
    organisation = OrganisationFactory(municipality=world.x, approved=True, name="IK Nacka")
    chair, member = UserFactory(full_name="Ida Ordförande"), UserFactory()
    Membership.objects.create(user=chair, organisation=organisation, role="responsible")
    Membership.objects.create(user=member, organisation=organisation, role="member")
    return AdviceWorld(
        officer=officer,
        in_person=slot(world, officer),
        phone=slot(world, officer, mode="phone", hour=14),
        video=slot(world, officer, mode="video", hour=15),
        organisation=organisation,
        chair=chair,
        member=member,
    )
