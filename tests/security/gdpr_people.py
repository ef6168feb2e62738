"""Two people of the same association, each with data in every app, so that the GDPR tests
can check that one person's export and erasure never touch the other's data."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from grants import services as grant_services
from grants.models import FollowUpReport
from networks.models import Action, Attendance, Invitation, Meeting, NetworkMember
from organisations import services as organisation_services
from organisations.models import Membership
from portal.notifications import notify
from tests.factories import (
    CallFactory,
    GrantProgrammeFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.grants.helpers import decide, eligible_organisation


@dataclass
class People:
    anna: object
    bertil: object
    organisation: object
    application: object
    decision: object
    network: object
    anna_member: object
    bertil_member: object


def _meeting(network, days):
    start = timezone.now() + timedelta(days=days)
    return Meeting.objects.create(
        network=network,
        title=f"Träff {days}",
        mode="online",
        online_url="https://meet.example/t",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )


@pytest.fixture(name="people")
def people_fixture(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    x, officer = world.x, world.users["officer_x"]
    anna = UserFactory(
        email="anna.annasdotter@example.se", full_name="Anna Annasdotter", phone="070-111 22 33"
    )
    bertil = UserFactory(
        email="bertil.bertilsson@example.se", full_name="Bertil Bertilsson", phone="070-999 88 77"
    )
    organisation = eligible_organisation(x)
    for person in (anna, bertil):
        Membership.objects.create(
            user=person, organisation=organisation, role=Membership.Role.RESPONSIBLE
        )
    # Anna started and submitted the application; both wrote to the officer.
    call = CallFactory(programme=GrantProgrammeFactory(committee=x.committees.get()))
    application = grant_services.application_start(call=call, organisation=organisation, by=anna)
    grant_services.application_submit(
        application=application, data=MultiValueDict(), files={}, by=anna
    )
    application.refresh_from_db()
    application.amount_requested = 4000
    application.save(update_fields=["amount_requested"])
    grant_services.application_message_post(
        application=application, by=anna, body="Annas fråga om budgeten"
    )
    grant_services.application_message_post(
        application=application, by=bertil, body="Bertils tillägg om lokalen"
    )
    decision = decide(application, officer, amount="4000")
    FollowUpReport.objects.update_or_create(
        decision=decision,
        defaults={
            "due_on": timezone.localdate(),
            "status": "submitted",
            "outcomes": "Vi träffades varje vecka.",
            "money_used": 4000,
            "unused_amount": 0,
            "submitted_by": anna,
            "submitted_at": timezone.now(),
        },
    )
    # Anna is invited to another association by Bertil.
    other = MembershipFactory(user=bertil, organisation=OrganisationFactory(municipality=x))
    organisation_services.invitation_create(
        organisation=other.organisation, email=anna.email, role="member", by=bertil
    )
    # Both take part in a network as private persons.
    network = NetworkFactory(municipality=x, name="Trygghetsnätverket")
    past, coming = _meeting(network, -7), _meeting(network, 7)
    members = {}
    for person in (anna, bertil):
        member = NetworkMember.objects.create(network=network, kind="individual", user=person)
        members[person.pk] = member
        for meeting in (past, coming):
            Invitation.objects.create(
                meeting=meeting,
                member=member,
                response="yes",
                responded_by=person,
                responded_at=timezone.now(),
            )
        Attendance.objects.create(meeting=past, member=member, people=1)
    Action.objects.create(
        municipality=x,
        network=network,
        title="Annas uppdrag: affischer",
        owner_member=members[anna.pk],
        due_on=timezone.localdate() + timedelta(days=10),
    )
    for person in (anna, bertil):
        notify(
            kind="test.hello",
            key=f"hello:{person.pk}",
            template="organisations/email/status",
            context={"organisation": organisation, "url": "https://example.se"},
            recipients=[person],
            municipality=x,
        )
    return People(
        anna=anna,
        bertil=bertil,
        organisation=organisation,
        application=application,
        decision=decision,
        network=network,
        anna_member=members[anna.pk],
        bertil_member=members[bertil.pk],
    )
