"""A network in municipality X with an organisation member (with two people), a person, a
partner, a meeting place and a meeting next week."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from networks.models import Meeting, MeetingPlace, Network, NetworkMember
from organisations.models import Membership
from tests.factories import NetworkFactory, OrganisationFactory, UserFactory


@dataclass
class NetworkWorld:
    network: Network
    organisation_member: NetworkMember
    person_member: NetworkMember
    partner_member: NetworkMember
    org_user: object  # a person of the member organisation
    org_user_2: object
    person: object  # the individual member
    outsider: object  # logged in, not a member
    place: MeetingPlace
    meeting: Meeting


@pytest.fixture
def net(world):
    network = NetworkFactory(municipality=world.x, name="BRÅ Fisksätra", visibility="invite_only")
    organisation = OrganisationFactory(municipality=world.x, approved=True)
    org_user, org_user_2, person, outsider = (UserFactory() for _ in range(4))
    Membership.objects.create(user=org_user, organisation=organisation, role="responsible")
    Membership.objects.create(user=org_user_2, organisation=organisation, role="member")
    organisation_member = NetworkMember.objects.create(
        network=network, kind="organisation", organisation=organisation, listed_publicly=True
    )
    person_member = NetworkMember.objects.create(network=network, kind="individual", user=person)
    partner_member = NetworkMember.objects.create(
        network=network, kind="partner", partner_name="Polisen Nacka",
        contact_email="polis@example.se",
    )  # fmt: skip
    place = MeetingPlace.objects.create(
        municipality=world.x, name="Fisksätra bibliotek", street_address="Fisksätra torg 1",
        postal_code="133 41", city="Saltsjöbaden", step_free=True,
    )  # fmt: skip
    starts = timezone.now() + timedelta(days=7)
    meeting = Meeting.objects.create(
        network=network, title="Trygghetsvandring", starts_at=starts,
        ends_at=starts + timedelta(hours=2), place=place, capacity=10,
    )  # fmt: skip
    return NetworkWorld(network, organisation_member, person_member, partner_member, org_user,
                        org_user_2, person, outsider, place, meeting)  # fmt: skip
