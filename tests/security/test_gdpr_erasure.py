"""A person removes their account from My page (GDPR art. 17): confirmed with the password,
told by email first, anonymised with retention's anonymiser, logged out everywhere; the
public records (application, decision, messages, report) stay, without the name; another
person's data is untouched. A wrong password, or being the last responsible person of an
organisation or holding a municipal role, changes nothing and says why."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from grants.models import Application, ApplicationMessage, Decision, FollowUpReport
from networks.models import Attendance, Invitation, NetworkMember
from organisations.models import Invitation as OrganisationInvitation
from organisations.models import Membership
from portal import retention
from portal.models import AuditEvent, Notification, Role, User
from portal.services import role_assign
from tests.factories import PASSWORD, UserFactory
from tests.security.gdpr_people import people_fixture  # noqa: F401 -- the people fixture

pytestmark = pytest.mark.django_db


def _urls():
    with translation.override("en"):
        return reverse("portal:my_page"), reverse("portal:delete_account")


def _logged_in(user):
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_erasure_anonymises_keeps_the_records_and_logs_out_everywhere(world, people):
    anna, bertil = people.anna, people.bertil
    my_page, delete = _urls()
    here, elsewhere = _logged_in(anna), _logged_in(bertil)
    phone = _logged_in(anna)  # a second session of Anna's, on another device
    assert phone.get(my_page).status_code == 200
    bertil_notifications = Notification.objects.filter(recipient=bertil.email).count()

    response = here.post(delete, {"password": PASSWORD})

    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.email == f"removed-{anna.pk}@invalid.example"
    assert (anna.full_name, anna.phone, anna.is_active) == ("", "", False)
    assert not anna.has_usable_password()
    assert not EmailAddress.objects.filter(user=anna).exists()
    assert not EmailAddress.objects.filter(email__iexact="anna.annasdotter@example.se").exists()
    # Person-level data is gone ...
    assert not Membership.objects.filter(user=anna).exists()
    assert not OrganisationInvitation.objects.filter(email__iexact="anna.annasdotter@example.se")
    assert not Invitation.objects.filter(member=people.anna_member).exists()
    member = NetworkMember.objects.get(pk=people.anna_member.pk)  # has attendance and an action
    assert member.status == NetworkMember.Status.LEFT
    assert Attendance.objects.filter(member=member).count() == 1  # the network's statistics
    # ... the public records stay, pointing at the anonymised account.
    application = Application.objects.get(pk=people.application.pk)
    assert application.diarienummer == people.application.diarienummer
    assert application.created_by_id == anna.pk
    assert Decision.objects.filter(pk=people.decision.pk, outcome="approved").exists()
    assert ApplicationMessage.objects.filter(author=anna, body="Annas fråga om budgeten").exists()
    assert FollowUpReport.objects.get(decision=people.decision).submitted_by_id == anna.pk
    # The email went to the outbox before the address was erased; older messages are gone.
    notice = Notification.objects.get(kind="portal.account_deleted")
    assert notice.recipient == "anna.annasdotter@example.se"
    assert notice.status == Notification.Status.PENDING
    assert notice.subject
    assert not Notification.objects.filter(kind="test.hello", user=anna).exists()
    # Audited, with Anna (now anonymous) as the actor.
    event = AuditEvent.objects.get(action="gdpr.erasure_requested")
    assert event.actor_id == anna.pk
    assert event.after["organisations"] == 1
    assert "Anna" not in event.target_repr
    assert AuditEvent.objects.filter(action="gdpr.account_anonymised", actor=anna).exists()
    # Logged out here and on the other device; cannot log in again.
    for client in (here, phone):
        assert client.get(my_page).status_code == 302
    assert not Client().login(email="anna.annasdotter@example.se", password=PASSWORD)
    # Bertil is untouched.
    bertil.refresh_from_db()
    assert (bertil.email, bertil.full_name, bertil.is_active) == (
        "bertil.bertilsson@example.se",
        "Bertil Bertilsson",
        True,
    )
    assert Membership.objects.filter(user=bertil).count() == 2
    assert NetworkMember.objects.get(pk=people.bertil_member.pk).status == "active"
    assert Invitation.objects.filter(member=people.bertil_member).count() == 2
    assert Notification.objects.filter(recipient=bertil.email).count() == bertil_notifications
    assert ApplicationMessage.objects.filter(author=bertil).exists()
    assert elsewhere.get(my_page).status_code == 200


def _nothing_changed(anna):
    anna.refresh_from_db()
    assert anna.email == "anna.annasdotter@example.se"
    assert anna.full_name == "Anna Annasdotter"
    assert anna.is_active
    assert anna.check_password(PASSWORD)
    assert EmailAddress.objects.filter(user=anna).exists()
    assert not Notification.objects.filter(kind="portal.account_deleted").exists()
    assert not AuditEvent.objects.filter(action__startswith="gdpr.").exists()


def test_wrong_password_is_a_form_error_and_changes_nothing(world, people):
    my_page, delete = _urls()
    client = _logged_in(people.anna)
    response = client.post(delete, {"password": "not-the-password"})
    assert response.status_code == 200
    assert "The password is not correct." in response.content.decode()
    assert response.context["delete_form"].errors["password"]
    _nothing_changed(people.anna)
    assert Membership.objects.filter(user=people.anna).count() == 1
    assert client.get(my_page).status_code == 200  # still logged in


def test_last_responsible_person_is_told_to_hand_over_first(world, people):
    my_page, delete = _urls()
    Membership.objects.filter(user=people.bertil, organisation=people.organisation).delete()
    client = _logged_in(people.anna)
    page = client.get(my_page)
    assert "Before you can remove your account:" in page.content.decode()
    assert page.context["deletion_blockers"]
    assert f'action="{delete}"' not in page.content.decode()  # explained, no form
    response = client.post(delete, {"password": PASSWORD})  # posted anyway
    html = response.content.decode()
    assert response.status_code == 200
    assert "You are the only responsible person of" in html
    assert people.organisation.name in html
    _nothing_changed(people.anna)
    assert Membership.objects.filter(user=people.anna).exists()


def test_municipal_staff_ask_their_administrator(world, people):
    _my_page, delete = _urls()
    role_assign(user=people.anna, municipality=world.x, role=Role.POLITICIAN)
    response = _logged_in(people.anna).post(delete, {"password": PASSWORD})
    assert response.status_code == 200
    (error,) = response.context["delete_form"].non_field_errors()
    assert "Ask the municipality&#x27;s administrator" in response.content.decode()
    assert "role in a municipality" in error
    _nothing_changed(people.anna)


def test_the_form_is_on_my_page_and_only_accepts_post(world, people):
    my_page, delete = _urls()
    client = _logged_in(people.anna)
    html = client.get(my_page).content.decode()
    assert f'action="{delete}"' in html
    assert 'type="password"' in html
    assert 'autocomplete="current-password"' in html
    assert client.get(delete).status_code == 405
    _nothing_changed(people.anna)


def test_a_person_without_a_password_confirms_with_their_email_address(client, world, people):
    """Someone who logs in only through an identity provider has no password to give."""
    _my_page, delete = _urls()
    anna = people.anna
    anna.set_unusable_password()
    anna.save()
    client.force_login(anna)
    wrong = client.post(delete, {"password": "someone.else@example.se"})
    assert wrong.context["delete_form"].errors["password"]
    assert User.objects.get(pk=anna.pk).is_active
    response = client.post(delete, {"password": "Anna.Annasdotter@example.se"})
    assert response.status_code == 302
    assert User.objects.get(pk=anna.pk).email == f"removed-{anna.pk}@invalid.example"


def test_retention_uses_the_same_anonymiser_for_unused_accounts(world):
    """The inactive-account step of retention now also clears the phone number and the
    login addresses (allauth's EmailAddress rows), as the erasure does."""
    unused = UserFactory(email="glomd@example.se", full_name="Glömd Person", phone="070-1")
    User.objects.filter(pk=unused.pk).update(last_login=timezone.now() - timedelta(days=4000))
    retention.carry_out(retention.plan())
    unused.refresh_from_db()
    assert (unused.email, unused.full_name, unused.phone, unused.is_active) == (
        f"removed-{unused.pk}@invalid.example",
        "",
        "",
        False,
    )
    assert not EmailAddress.objects.filter(email__iexact="glomd@example.se").exists()
    assert AuditEvent.objects.filter(
        action="retention.account_anonymised", target_id=str(unused.pk), actor=None
    ).exists()


def test_a_place_freed_at_a_full_meeting_goes_to_the_waiting_list(world, people):
    _my_page, delete = _urls()
    coming = Invitation.objects.get(
        member=people.anna_member, meeting__starts_at__gt=timezone.now()
    ).meeting
    coming.capacity = 1
    coming.save()
    waiting = Invitation.objects.get(member=people.bertil_member, meeting=coming)
    waiting.response = Invitation.Response.WAITLIST
    waiting.save()
    response = _logged_in(people.anna).post(delete, {"password": PASSWORD})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.response == Invitation.Response.YES
    assert not Invitation.objects.filter(member=people.anna_member).exists()
