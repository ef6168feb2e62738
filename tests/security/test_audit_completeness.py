"""Every permission change, payout-detail change and change of money or retention rules
made in the admin (or by the association) leaves an AuditEvent with the actor and the
values before and after."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from networks.models import Meeting
from organisations.models import PayoutAccount
from portal.models import AuditEvent, ReminderPolicy, Role, RoleAssignment
from tests.factories import (
    CallFactory,
    GrantProgrammeFactory,
    MembershipFactory,
    NetworkFactory,
    UserFactory,
)
from tests.security.admin_forms import admin_change

pytestmark = pytest.mark.django_db


def _event(action, target):
    return AuditEvent.objects.get(
        action=action, target_type=target._meta.label_lower, target_id=str(target.pk)
    )


def test_staff_superuser_and_active_flags_of_a_user_are_audited(client, world):
    superuser, person = world.users["superuser"], UserFactory(email="flaggad@example.se")
    client.force_login(superuser)
    admin_change(client, person, is_staff=True, is_superuser=True, is_active=False)
    event = _event("user.changed", person)
    assert event.actor == superuser
    assert event.before == {"is_active": True, "is_staff": False, "is_superuser": False}
    assert event.after == {"is_active": False, "is_staff": True, "is_superuser": True}
    assert "password" not in event.before | event.after  # never the hash


def test_user_email_change_is_audited_with_before_and_after(client, world):
    superuser, person = world.users["superuser"], UserFactory(email="gammal@example.se")
    client.force_login(superuser)
    admin_change(client, person, email="ny@example.se")
    event = _event("user.changed", person)
    assert (event.before, event.after) == (
        {"email": "gammal@example.se"},
        {"email": "ny@example.se"},
    )


def test_password_set_by_an_administrator_is_audited(client, world):
    superuser, person = world.users["superuser"], UserFactory()
    client.force_login(superuser)
    url = reverse("admin:auth_user_password_change", args=[person.pk])
    response = client.post(
        url, {"password1": "Ett-nytt-losen-77", "password2": "Ett-nytt-losen-77"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Ett-nytt-losen-77")
    event = _event("user.password_set", person)
    assert event.actor == superuser
    assert "Ett-nytt" not in str(event.after)


def test_group_permission_change_is_audited(client, world):
    superuser = world.users["superuser"]
    group = Group.objects.create(name="Ekonomi")
    permission = Permission.objects.get(codename="change_payoutaccount")
    client.force_login(superuser)
    admin_change(client, group, permissions=[permission.pk])
    event = _event("group.changed", group)
    assert event.actor == superuser
    assert event.before == {"permissions": []}
    assert event.after == {"permissions": [str(permission)]}


def test_role_assignment_added_and_removed_in_the_admin_is_audited(client, world):
    admin_x, person = world.users["admin_x"], UserFactory(email="ny.roll@example.se")
    client.force_login(admin_x)
    response = client.post(
        reverse("admin:portal_roleassignment_add"),
        {"email": person.email, "municipality": world.x.pk, "role": Role.COORDINATOR},
    )
    assert response.status_code == 302
    assigned = _event("role.assigned", person)
    assert assigned.actor == admin_x
    assert assigned.after == {"role": "coordinator", "committee": None}
    assignment = RoleAssignment.objects.get(user=person)
    response = client.post(
        reverse("admin:portal_roleassignment_delete", args=[assignment.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    revoked = _event("role.revoked", person)
    assert (revoked.actor, revoked.before) == (admin_x, {"role": "coordinator", "committee": None})
    assert not RoleAssignment.objects.filter(user=person).exists()


def test_payout_details_registered_by_the_association_and_changed_by_an_officer(client, world):
    membership = MembershipFactory(organisation__municipality=world.x, organisation__approved=True)
    organisation = membership.organisation
    client.force_login(membership.user)
    response = client.post(
        reverse("organisations:payout", args=[organisation.pk]),
        {"method": "bankgiro", "number": "5050-1055", "account_holder": organisation.name},
    )
    assert response.status_code == 302
    registered = _event("payout.registered", organisation)
    assert registered.actor == membership.user
    assert registered.after["number"] == "5050-1055"

    officer = world.users["officer_x"]
    client.force_login(officer)
    account = PayoutAccount.objects.get(organisation=organisation)
    admin_change(client, account, number="9008004")
    changed = _event("payout.changed", organisation)
    assert changed.actor == officer
    assert changed.before["number"] == "5050-1055"
    assert changed.after["number"] == "900-8004"


def test_call_budget_change_is_audited(client, world):
    admin_x = world.users["admin_x"]
    call = CallFactory(
        programme=GrantProgrammeFactory(committee=world.x.committees.get()), budget=100000
    )
    call.opens_at = call.opens_at.replace(microsecond=0)  # as saved from a form
    call.closes_at = call.closes_at.replace(microsecond=0)
    call.save()
    client.force_login(admin_x)
    admin_change(client, call, budget="250000")
    event = _event("call.changed", call)
    assert event.actor == admin_x
    assert event.municipality == world.x
    assert Decimal(event.before["budget"]) == 100000
    assert Decimal(event.after["budget"]) == 250000
    assert set(event.after) == {"budget"}  # only what changed


def test_retention_policy_change_is_audited(client, world):
    admin_x = world.users["admin_x"]
    policy = ReminderPolicy.objects.create(municipality=world.x)
    client.force_login(admin_x)
    admin_change(client, policy, rejected_application_years=5)
    event = _event("reminderpolicy.changed", policy)
    assert event.actor == admin_x
    assert (event.before, event.after) == (
        {"rejected_application_years": 2},
        {"rejected_application_years": 5},
    )


def test_deleting_a_committee_in_the_admin_is_audited(client, world):
    admin_x = world.users["admin_x"]
    committee = world.x.committees.create(name="Socialnämnden", slug="sn", abbreviation="SN")
    client.force_login(admin_x)
    response = client.post(
        reverse("admin:portal_committee_delete", args=[committee.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="committee.deleted")
    assert event.actor == admin_x
    assert event.before["name"] == "Socialnämnden"


def test_programme_change_is_audited_with_its_inline_rows(client, world):
    admin_x = world.users["admin_x"]
    programme = GrantProgrammeFactory(committee=world.x.committees.get(), max_amount=50000)
    programme.questions.create(key="syfte", label="Syfte", field_type="textarea", ordering=0)
    client.force_login(admin_x)
    admin_change(client, programme, max_amount="80000")
    event = _event("grantprogramme.changed", programme)
    assert event.actor == admin_x
    assert event.municipality == world.x
    assert Decimal(event.before["max_amount"]) == 50000
    assert Decimal(event.after["max_amount"]) == 80000
    assert set(event.after) == {"max_amount"}  # the unchanged question is not listed


def test_cancelling_a_meeting_in_the_admin_is_audited(client, world):
    coordinator = world.users["coordinator_x"]
    start = (timezone.now() + timedelta(days=5)).replace(microsecond=0)
    meeting = Meeting.objects.create(
        network=NetworkFactory(municipality=world.x),
        title="Vårträff",
        mode="online",
        online_url="https://meet.example/v",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    client.force_login(coordinator)
    admin_change(client, meeting, status="cancelled")
    event = _event("meeting.changed", meeting)
    assert event.actor == coordinator
    assert event.municipality == world.x
    assert event.before["status"] == "planned"
    assert event.after["status"] == "cancelled"
