"""Registry rules: the workflow, the yearly eligibility cycle, board rules, payout details."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from organisations import selectors, services
from organisations.models import EligibilityPeriod, Membership, Organisation, RegistryPolicy
from portal.models import AuditEvent, Role
from portal.services import role_assign
from portal.tasks import outbox_drain
from tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = Organisation.Status


@pytest.fixture
def officer_and_org():
    organisation = OrganisationFactory()
    officer = UserFactory()
    committee = CommitteeFactory(municipality=organisation.municipality)
    role_assign(
        user=officer, municipality=organisation.municipality, role=Role.OFFICER, committee=committee
    )
    member = MembershipFactory(organisation=organisation).user
    return officer, organisation, member


def events(organisation, action):
    return AuditEvent.objects.filter(target_id=str(organisation.pk), action=action)


def test_officer_approves_and_member_is_emailed(
    officer_and_org, django_capture_on_commit_callbacks
):
    officer, organisation, member = officer_and_org
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_transition(
            organisation=organisation, to_status=S.APPROVED, by=officer
        )
    organisation.refresh_from_db()
    assert organisation.status == S.APPROVED
    assert events(organisation, "organisation.status_changed").get().actor == officer
    outbox_drain.apply()  # what the worker runs after commit
    assert mail.outbox[0].to == [member.email]
    assert "Registrerad" in mail.outbox[0].subject


def test_member_cannot_approve_own_registration(officer_and_org):
    _officer, organisation, member = officer_and_org
    with pytest.raises(ValidationError):
        services.organisation_transition(organisation=organisation, to_status=S.APPROVED, by=member)
    organisation.refresh_from_db()
    assert organisation.status == S.PENDING


def test_request_changes_needs_message_and_member_resubmits(officer_and_org):
    officer, organisation, member = officer_and_org
    with pytest.raises(ValidationError):
        services.organisation_transition(
            organisation=organisation, to_status=S.CHANGES_REQUESTED, by=officer, message=" "
        )
    services.organisation_transition(
        organisation=organisation, to_status=S.CHANGES_REQUESTED, by=officer,
        message="Ladda upp årsmötesprotokollet.",
    )  # fmt: skip
    organisation.refresh_from_db()
    assert organisation.status_message == "Ladda upp årsmötesprotokollet."
    services.organisation_transition(organisation=organisation, to_status=S.PENDING, by=member)
    organisation.refresh_from_db()
    assert (organisation.status, organisation.status_message) == (S.PENDING, "")


def test_eligibility_needs_approval_and_lasts_the_policy_period(officer_and_org):
    officer, organisation, _member = officer_and_org
    with pytest.raises(ValidationError):
        services.eligibility_grant(organisation=organisation, by=officer)
    services.organisation_transition(organisation=organisation, to_status=S.APPROVED, by=officer)
    period = services.eligibility_grant(
        organisation=organisation, by=officer, valid_from=date(2026, 3, 15)
    )
    assert period.valid_until == date(2027, 3, 14)
    assert selectors.current_eligibility(organisation, date(2027, 3, 14)) == period
    assert selectors.current_eligibility(organisation, date(2027, 3, 15)) is None  # lapses
    assert organisation in selectors.eligible_organisations(date(2026, 6, 1))
    assert organisation not in selectors.eligible_organisations(date(2027, 6, 1))


def test_yearly_renewal_and_revocation(officer_and_org):
    officer, organisation, _member = officer_and_org
    RegistryPolicy.objects.create(municipality=organisation.municipality, eligibility_months=6)
    organisation.status = S.APPROVED
    organisation.save()
    first = services.eligibility_grant(
        organisation=organisation, by=officer, valid_from=date(2026, 1, 1)
    )
    assert first.valid_until == date(2026, 6, 30)
    renewed = services.eligibility_grant(
        organisation=organisation, by=officer, valid_from=date(2026, 7, 1)
    )
    assert selectors.current_eligibility(organisation, date(2026, 8, 1)) == renewed
    with pytest.raises(ValidationError):
        services.eligibility_revoke(period=renewed, by=officer, reason="")
    services.eligibility_revoke(period=renewed, by=officer, reason="Föreningen har upplösts.")
    assert selectors.current_eligibility(organisation, date(2026, 8, 1)) is None
    assert events(organisation, "eligibility.revoked").get().after == {
        "reason": "Föreningen har upplösts."
    }
    assert EligibilityPeriod.objects.filter(organisation=organisation).count() == 2  # kept


BOARD = [
    {"full_name": "Anna Ordförande", "role": "chair", "is_signatory": True},
    {"full_name": "Bertil Kassör", "role": "treasurer", "is_signatory": True},
    {"full_name": "Cecilia Ledamot", "role": "member", "is_signatory": False},
    {"full_name": "David Revisor", "role": "auditor", "is_signatory": False},
]


def test_board_rules_accept_a_valid_board_and_audit_it(officer_and_org):
    _officer, organisation, member = officer_and_org
    services.board_save(organisation=organisation, year=2026, members=BOARD, by=member)
    assert organisation.board_members.filter(year=2026).count() == 4
    assert events(organisation, "board.saved").get().after["board"][0] == "Anna Ordförande (chair)"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda b: b[:2] + b[3:], "minst 3"),
        (lambda b: [b[0], {**b[1], "full_name": "Anna Ordförande"}, *b[2:]], "olika personer"),
        (lambda b: [*b[:3], {**b[3], "full_name": "Cecilia Ledamot"}], "revisor"),
        (lambda b: [{**m, "is_signatory": False} for m in b], "firmatecknare"),
        (lambda b: [*b[1:], {"full_name": "Erik", "role": "member"}], "ordförande"),
    ],
)
def test_board_rules_reject(officer_and_org, change, message):
    _officer, organisation, member = officer_and_org
    with pytest.raises(ValidationError) as error:
        services.board_save(organisation=organisation, year=2026, members=change(BOARD), by=member)
    assert any(message.lower() in m.lower() for m in error.value.messages), error.value.messages
    assert not organisation.board_members.exists()


def test_payout_details_first_by_member_then_only_by_officer(officer_and_org):
    officer, organisation, member = officer_and_org
    services.payout_account_save(
        organisation=organisation, method="bankgiro", number="9008004",
        account_holder=organisation.name, by=member,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.payout_account_save(
            organisation=organisation, method="bankgiro", number="5050-1055",
            account_holder=organisation.name, by=member,
        )  # fmt: skip
    organisation.payout_account.refresh_from_db()
    assert organisation.payout_account.number == "900-8004"
    services.payout_account_save(
        organisation=organisation, method="bankgiro", number="5050-1055",
        account_holder=organisation.name, by=officer,
    )  # fmt: skip
    change = events(organisation, "payout.changed").get()
    assert (change.before["number"], change.after["number"]) == ("900-8004", "5050-1055")
    assert change.actor == officer


def test_invitation_accept_requires_the_invited_address(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    inviter = MembershipFactory(organisation=organisation).user
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            organisation=organisation, email="Ny@Example.se", role="grant_manager", by=inviter
        )
    outbox_drain.apply()
    assert invitation.token in mail.outbox[0].body
    with pytest.raises(ValidationError):
        services.invitation_accept(
            invitation=invitation, user=UserFactory(email="annan@example.se")
        )
    invitee = UserFactory(email="ny@example.se")
    membership = services.invitation_accept(invitation=invitation, user=invitee)
    assert membership.role == Membership.Role.GRANT_MANAGER
    with pytest.raises(ValidationError):  # used once only
        services.invitation_accept(invitation=invitation, user=invitee)


def test_last_responsible_person_cannot_be_removed():
    membership = MembershipFactory(role=Membership.Role.RESPONSIBLE)
    with pytest.raises(ValidationError):
        services.membership_remove(membership=membership, by=membership.user)


def test_checklist_shows_what_is_missing(officer_and_org):
    _officer, organisation, member = officer_and_org
    missing = [i.label for i in selectors.organisation_checklist(organisation, 2026) if not i.done]
    assert any("Styrelse" in label for label in missing)
    services.board_save(organisation=organisation, year=2026, members=BOARD, by=member)
    missing = [i.label for i in selectors.organisation_checklist(organisation, 2026) if not i.done]
    assert not any("Styrelse" in label for label in missing)
    assert any("Årsmötesprotokoll" in label for label in missing)


def test_informal_group_has_a_short_checklist():
    group = OrganisationFactory(informal=True)
    items = selectors.organisation_checklist(group, 2026)
    assert len(items) == 1
    assert items[0].done
