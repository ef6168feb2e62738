"""Representatives (ombud): given by the association (its people page) or by an officer
from a paper fullmakt (the admin), by invitation; rights view, apply and networks only;
optionally until a day, after which every permission question ignores them and the daily
job removes them; every step audited."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants.selectors import application_for_member
from organisations import representatives, rights, services
from organisations.models import Invitation, Membership
from organisations.permissions import (
    may_for_organisation,
    membership_role,
    organisations_where,
)
from organisations.selectors import membership_for, organisation_people, organisations_for_user
from portal.models import AuditEvent, Notification
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
REPRESENTATIVE = Membership.Role.REPRESENTATIVE


@pytest.fixture
def responsible(world):
    return MembershipFactory(organisation__municipality=world.x, organisation__approved=True)


@pytest.fixture
def organisation(responsible):
    return responsible.organisation


def representative(organisation, valid_until=None, **user):
    return Membership.objects.create(
        user=UserFactory(**user), organisation=organisation, role=REPRESENTATIVE,
        valid_until=valid_until, authorisation="Fullmakt från styrelsen 2026-03-03",
    )  # fmt: skip


def test_a_representative_reads_applies_and_answers_networks_but_does_not_run_the_association(
    organisation,
):
    person = representative(organisation).user
    allowed = {right for right in (rights.VIEW, rights.EDIT, rights.PEOPLE, rights.APPLY,
                                   rights.PAYOUT, rights.NETWORKS)
               if may_for_organisation(person, organisation, right)}  # fmt: skip
    assert allowed == {rights.VIEW, rights.APPLY, rights.NETWORKS}
    assert organisation in organisations_where(person, rights.APPLY)
    assert organisation not in organisations_where(person, rights.PAYOUT)
    assert organisation in organisations_for_user(person)


def test_an_ended_authorisation_is_ignored_everywhere_and_removed_by_the_daily_job(
    world, organisation
):
    from grants.models import Application
    from tests.factories import CallFactory, GrantProgrammeFactory

    today = timezone.localdate()
    lasting = representative(organisation, valid_until=today).user  # today is its last day
    ended = representative(organisation, valid_until=today - timedelta(days=1))
    person = ended.user
    assert membership_role(lasting, organisation) == REPRESENTATIVE
    assert membership_role(person, organisation) is None
    assert not may_for_organisation(person, organisation, rights.VIEW)
    assert organisation not in organisations_where(person, rights.APPLY)
    assert organisation not in organisations_for_user(person)
    assert person not in organisation_people(organisation)
    assert lasting in organisation_people(organisation)
    with pytest.raises(Http404):
        membership_for(person, organisation.pk)
    call = CallFactory(programme=GrantProgrammeFactory(committee__municipality=world.x))
    application = Application.objects.create(call=call, organisation=organisation)
    with pytest.raises(Http404):
        application_for_member(person, application.pk)
    assert application_for_member(lasting, application.pk) == application

    assert representatives.representatives_expired(world.x, today) == 0
    assert not Membership.objects.filter(pk=ended.pk).exists()
    assert Membership.objects.filter(user=lasting).exists()
    event = AuditEvent.objects.get(action="representative.expired")
    assert event.before["email"] == person.email
    assert event.actor is None


def test_membership_role_is_still_one_query(organisation):
    person = representative(organisation).user
    with CaptureQueriesContext(connection) as queries:
        membership_role(person, organisation)
    assert len(queries) == 1


def test_the_association_invites_a_representative_with_the_authorisation(
    client, organisation, responsible
):
    client.force_login(responsible.user)
    url = reverse("organisations:people", args=[organisation.pk])
    page = client.get(url).content.decode()
    assert "Ombud" in page  # among the roles to invite with
    refused = client.post(url, {"email": "rut@example.se", "role": REPRESENTATIVE})
    assert refused.status_code == 200
    assert "authorisation" in refused.context["form"].errors
    until = timezone.localdate() + timedelta(days=365)
    response = client.post(url, {"email": "Rut@Example.se", "role": REPRESENTATIVE,
                                 "valid_until": until.isoformat(),
                                 "authorisation": "Styrelsebeslut 2026-03-03, § 4"})  # fmt: skip
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="rut@example.se")
    assert invitation.role == REPRESENTATIVE
    assert invitation.valid_until == until
    assert Notification.objects.filter(kind="organisations.invitation",
                                       recipient="rut@example.se").exists()  # fmt: skip
    event = AuditEvent.objects.get(action="representative.invited")
    assert event.after["by_municipality"] is False

    rut = UserFactory(email="rut@example.se", full_name="Rut Ombud")
    client.force_login(rut)
    accept = reverse("organisations:invitation", args=[invitation.token])
    assert client.post(accept).status_code == 302
    membership = Membership.objects.get(user=rut)
    assert membership.role == REPRESENTATIVE
    assert membership.valid_until == until
    assert membership.authorisation == "Styrelsebeslut 2026-03-03, § 4"
    # the representative sees the organisation, but not its people page's invitation form
    assert client.get(reverse("organisations:detail", args=[organisation.pk])).status_code == 200
    assert client.post(url, {"email": "x@example.se", "role": "member"}).status_code == 403

    client.force_login(responsible.user)
    assert "Avsluta fullmakten" in client.get(url).content.decode()
    client.post(url, {"end_representative": str(membership.pk)})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(action="representative.ended").exists()


def test_a_representative_cannot_be_invited_without_the_representative_service(
    organisation, responsible
):
    with pytest.raises(ValidationError):
        services.invitation_create(organisation=organisation, email="a@example.se",
                                   role=REPRESENTATIVE, by=responsible.user)  # fmt: skip


def test_an_invitation_whose_authorisation_ended_cannot_be_accepted(organisation, responsible):
    invitation = representatives.representative_invite(
        organisation=organisation, email="rut@example.se", authorisation="Fullmakt",
        valid_until=timezone.localdate(), by=responsible.user,
    )  # fmt: skip
    Invitation.objects.filter(pk=invitation.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    invitation.refresh_from_db()
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=UserFactory(email="rut@example.se"))


def test_who_gives_representatives(world, organisation):
    member = MembershipFactory(organisation=organisation, role=Membership.Role.MEMBER).user
    for user in (member, world.users["officer_y"], world.users["coordinator_x"]):
        with pytest.raises(PermissionDenied):
            representatives.representative_invite(
                organisation=organisation, email="rut@example.se", authorisation="F", by=user
            )
    with pytest.raises(ValidationError) as refused:
        representatives.representative_invite(
            organisation=organisation, email="rut@example.se", authorisation="F",
            valid_until=timezone.localdate() - timedelta(days=1), by=world.users["officer_x"],
        )  # fmt: skip
    assert "valid_until" in refused.value.message_dict
    # another person's representative is not ended by a stranger
    membership = representative(organisation)
    with pytest.raises(PermissionDenied):
        representatives.representative_end(membership=membership, by=member)
    representatives.representative_end(membership=membership, by=membership.user)  # themself


def test_an_officer_gives_and_ends_a_representative_from_a_paper_fullmakt(
    client, world, organisation
):
    client.force_login(world.users["officer_x"])
    url = reverse("admin:organisations_organisation_representatives", args=[organisation.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"email": "rut@example.se", "authorisation": ""})
    assert refused.status_code == 200
    assert refused.context["form"].errors["authorisation"]
    response = client.post(
        url, {"email": "rut@example.se", "authorisation": "Fullmakt på papper, inkom 2026-03-05"}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="representative.invited")
    assert event.after["by_municipality"] is True
    assert event.actor == world.users["officer_x"]
    membership = representative(organisation, full_name="Rut Ombud")
    page = client.get(url).content.decode()
    assert "Rut Ombud" in page
    assert "rut@example.se (inbjuden)" in page
    assert client.post(url, {"end": "not-a-number"}).status_code == 404
    assert client.post(url, {"end": str(membership.pk)}).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    # another municipality's officer does not find the organisation
    client.force_login(world.users["officer_y"])
    assert client.get(url).status_code == 404


def test_the_audit_trail_reads_the_representative_events(world, organisation):
    from portal.audit_text import sentence

    representatives.representative_invite(
        organisation=organisation, email="rut@example.se", authorisation="Fullmakt",
        by=world.users["officer_x"],
    )  # fmt: skip
    event = AuditEvent.objects.get(action="representative.invited")
    assert "som ombud enligt en fullmakt på papper" in sentence(event)
