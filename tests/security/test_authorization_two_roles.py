"""People with more than one role: rights never leak from one municipality, committee or
organisation role to another.

The matrix world (matrix_data) gets three more people:
- ``coordinator_x_officer_y``: coordinator in X and officer in Y (staff shared by a
  kommunalförbund). On every URL of the matrix, X's objects included, they get a page (200)
  only where a plain coordinator of X or a plain officer of Y gets one, and nothing they
  post changes X's cases, organisations or payout details;
- ``officer_x_other_committee``: officer of X's *other* committee. X's cases, decisions,
  payouts and reports of the first committee are not found for them; the registry is theirs;
- ``reader_a``: a plain member (medlem) of organisation A: reads A's pages and acts nowhere.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.signals import got_request_exception
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from grants.models import Application, Decision, PayoutBatch
from networks.models import NetworkMember
from organisations.models import EligibilityPeriod, Organisation, PayoutAccount
from portal.models import Role
from portal.services import role_assign
from tests.factories import CommitteeFactory, UserFactory
from tests.security.matrix_data import ROLES, build_matrix_world
from tests.security.matrix_expectations import MATRIX, OK
from tests.security.matrix_urls import matrix_urls

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("two-roles-media")
    with (
        override_settings(MEDIA_ROOT=str(media)),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        world = build_matrix_world()
        committee_x = world.application.call.programme.committee
        committee_y = world.application_c.call.programme.committee
        both = UserFactory()
        role_assign(user=both, municipality=world.x, role=Role.COORDINATOR)
        role_assign(user=both, municipality=world.y, role=Role.OFFICER, committee=committee_y)
        other_committee = CommitteeFactory(municipality=world.x, name="Socialnämnden X")
        officer_other = UserFactory()
        role_assign(
            user=officer_other, municipality=world.x, role=Role.OFFICER, committee=other_committee
        )
        reader = UserFactory()
        world.org_a.memberships.create(user=reader, role="member")
        world.users.update(
            coordinator_x_officer_y=both, officer_x_other_committee=officer_other, reader_a=reader
        )
        world.committee_x = committee_x
        yield world
        transaction.set_rollback(True)


def client_for(world, role) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.users[role])
    return client


def _answers_of(world, role) -> dict[str, int]:
    client = Client(raise_request_exception=False)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return {key: client.get(url).status_code for key, url in matrix_urls(world).items()}


def _column(role):
    index = ROLES.index(role)
    return {key: row[index] for key, row in MATRIX.items()}


def test_two_municipalities_give_no_page_that_neither_role_gives(world):
    """Every URL of the matrix: a page (200) only where coordinator X or officer Y has one,
    and never a server error."""
    coordinator, officer = _column("coordinator_x"), _column("officer_y")
    errors = []
    got_request_exception.connect(lambda sender, request, **kw: errors.append(request.path))
    answers = _answers_of(world, "coordinator_x_officer_y")
    leaks = [
        key
        for key, status in answers.items()
        if status == OK and OK not in (coordinator.get(key), officer.get(key))
    ]
    assert leaks == []
    assert [k for k, s in answers.items() if s >= 500] == []
    assert errors == []


def test_two_municipalities_act_in_neither_with_the_other_ones_role(world):
    """The reported holes: X's case list, payment file, payout account, approval and
    eligibility, all through the officer role held in Y."""
    client = client_for(world, "coordinator_x_officer_y")
    application, org_a = world.application, world.org_a
    cases = client.get(reverse("admin:grants_application_changelist"))
    assert cases.status_code == 200  # their own list: Y's cases
    assert application.diarienummer not in cases.content.decode()
    assert world.application_c.diarienummer in cases.content.decode()
    file_url = reverse("admin:grants_payoutbatch_file", args=[world.batch.pk])
    assert client.get(file_url).status_code == 404
    account = org_a.payout_account
    change = reverse("admin:organisations_payoutaccount_change", args=[account.pk])
    response = client.post(
        change, {"method": "bankgiro", "number": "5402-9681", "account_holder": "Någon annan"}
    )
    assert response.status_code == 404
    assert PayoutAccount.objects.get(pk=account.pk).number == account.number
    pending = world.org_pending
    Organisation.objects.filter(pk=pending.pk).update(status=Organisation.Status.PENDING)
    for name, obj in [("approve", pending), ("grant", org_a)]:
        url = reverse(f"admin:organisations_organisation_{name}", args=[obj.pk])
        assert client.post(url).status_code == 403, name
    assert Organisation.objects.get(pk=pending.pk).status == Organisation.Status.PENDING
    assert EligibilityPeriod.objects.filter(organisation=org_a).count() == 1
    # In Y the same person is an officer and handles Y's case.
    page = client.get(reverse("admin:grants_application_change", args=[world.application_c.pk]))
    assert page.status_code == 200


def test_an_officer_of_another_committee_does_not_reach_the_first_committees_cases(world):
    client = client_for(world, "officer_x_other_committee")
    open_case = world.application_open
    for name in ("change", "decide", "assess", "completion", "message"):
        url = reverse(f"admin:grants_application_{name}", args=[open_case.pk])
        assert client.get(url).status_code == 404, name
    response = client.post(
        reverse("admin:grants_application_decide", args=[open_case.pk]),
        {"outcome": "approved", "amount": "1000", "reasons": "Bra.", "decided_by_kind": "officer"},
    )
    assert response.status_code == 404
    assert not Decision.objects.filter(application=open_case).exists()
    listing = client.get(reverse("admin:grants_application_changelist")).content.decode()
    assert open_case.diarienummer not in listing
    for model, obj in [("payoutbatch", world.batch), ("call", world.application.call)]:
        url = reverse(f"admin:grants_{model}_change", args=[obj.pk])
        assert client.get(url).status_code == 404, model
    assert PayoutBatch.objects.get(pk=world.batch.pk).status == world.batch.status
    # The registry is the municipality's, not a committee's: the organisation page opens.
    org_page = reverse("admin:organisations_organisation_change", args=[world.org_a.pk])
    assert client.get(org_page).status_code == 200


def test_an_officer_of_another_committee_neither_plans_pays_nor_approves_invoices(world):
    """Issue 21's officer actions belong to the committee of the case: the payment plan,
    cancelling an instalment, an invoice's review and the committee's appropriation."""
    client = client_for(world, "officer_x_other_committee")
    invoice = world.admin_objects["grants.supplierinvoice"]
    decided = world.application
    for name in ("plan", "instalment_cancel"):
        url = reverse(f"admin:grants_application_{name}", args=[decided.pk])
        assert client.get(url).status_code == 404, name
    review = reverse("admin:grants_supplierinvoice_review", args=[invoice.pk])
    assert client.get(review).status_code == 404
    assert client.post(review, {"decision": "approve"}).status_code == 404
    invoice.refresh_from_db()
    assert invoice.status == invoice.Status.SUBMITTED
    appropriation = world.admin_objects["grants.appropriation"]
    url = reverse("admin:grants_appropriation_change", args=[appropriation.pk])
    assert client.get(url).status_code == 404
    # The committee's own officer reaches the same pages (the control).
    own = client_for(world, "officer_x")
    assert own.get(review).status_code == 200
    plan = reverse("admin:grants_application_plan", args=[decided.pk])
    assert own.get(plan).status_code == 200


def test_the_committees_own_officer_still_decides(world):
    """The same case for the officer of its committee (a control for the test above)."""
    client = client_for(world, "officer_x")
    url = reverse("admin:grants_application_decide", args=[world.application_open.pk])
    assert client.get(url).status_code == 200


def test_a_plain_member_reads_and_does_not_act(world):
    client = client_for(world, "reader_a")
    draft, decided = world.application_draft, world.application
    assert client.get(reverse("grants:application", args=[decided.pk])).status_code == 200
    page = client.get(reverse("grants:application", args=[draft.pk])).content.decode()
    assert 'name="action" value="submit"' not in page  # read-only: no form to send
    autosave = client.post(reverse("grants:autosave", args=[draft.pk]), {"q_syfte": "Ändrat"})
    assert autosave.status_code == 404
    submit = client.post(reverse("grants:application", args=[draft.pk]), {"action": "submit"})
    assert submit.status_code in (200, 302)
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT
    assert draft.answers.get("q_syfte") != "Ändrat"
    message = client.post(reverse("grants:message", args=[decided.pk]), {"body": "Hej"})
    assert message.status_code == 404
    assert not decided.messages.filter(body="Hej").exists()
    join = client.post(
        reverse("networks:join", args=[world.public_network.pk]), {"organisation": world.org_a.pk}
    )
    assert join.status_code in (302, 200)
    assert not NetworkMember.objects.filter(
        network=world.public_network, organisation=world.org_a
    ).exists()
    edit = client.get(reverse("organisations:edit", args=[world.org_a.pk]))
    assert edit.status_code == 404
    assert client.get(reverse("organisations:payout", args=[world.org_a.pk])).status_code == 404


def test_account_numbers_are_masked_except_for_those_who_handle_payouts(world):
    decided = world.application
    number = world.org_a.payout_account.number
    reader = client_for(world, "reader_a").get(reverse("grants:decision_letter", args=[decided.pk]))
    assert reader.status_code == 200
    assert number not in reader.content.decode()
    assert number[-2:] in reader.content.decode()
    responsible = client_for(world, "member_a")
    assert (
        number
        in responsible.get(reverse("grants:decision_letter", args=[decided.pk])).content.decode()
    )
    officer = client_for(world, "officer_x")
    letter = reverse("admin:grants_application_letter", args=[decided.pk])
    assert number in officer.get(letter).content.decode()


def test_coordinators_do_not_download_registry_documents(world):
    url = reverse("organisations:document", args=[world.org_a.pk, world.document.pk])
    assert client_for(world, "coordinator_x").get(url).status_code == 404
    assert client_for(world, "officer_x").get(url).status_code == 200
    assert client_for(world, "reader_a").get(url).status_code == 200


def test_the_role_form_says_an_empty_committee_means_all(world):
    client = client_for(world, "superuser")
    page = client.get(reverse("admin:portal_roleassignment_add")).content.decode()
    assert "Lämna tomt för alla nämnder i kommunen" in page or (
        "all committees of the municipality" in page
    )


def test_the_register_is_changed_by_the_administrations_own_officers_only(world):
    """Issue 22: an officer of X's other committee reads X's register entry (owned by an
    administration serving the first committee) but changes neither it, its agreement nor
    its status, and opens no follow-up; the coordinator of X who is an officer in Y acts in
    X as coordinator and decides no proposal of Y's with Y's officer role."""
    from collaborations import services as register_services
    from collaborations.models import Collaboration

    entry = world.admin_objects["collaborations.collaboration"]
    agreement = world.admin_objects["collaborations.agreement"]
    other = client_for(world, "officer_x_other_committee")
    change = reverse("admin:collaborations_collaboration_change", args=[entry.pk])
    assert other.get(change).status_code == 200  # read-only view
    response = other.post(change, {"title": "Ändrad", "kind": "iop", "level": "political"})
    assert response.status_code == 403
    follow_up = reverse("admin:collaborations_agreement_open_follow_up", args=[agreement.pk])
    assert other.post(follow_up, {"year": 2024}).status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        register_services.collaboration_update(
            collaboration=entry, by=world.users["officer_x_other_committee"],
            data={"title": "Ändrad"},
        )  # fmt: skip
    entry.refresh_from_db()
    assert (entry.title, entry.level) == ("IOP Matrisen", "strategic")
    assert not agreement.follow_ups.filter(year=2024).exists()
    # the committee's own officer changes it (the control)
    register_services.collaboration_update(
        collaboration=entry, by=world.users["officer_x"], data={"title": "IOP Matrisen 2"}
    )
    assert Collaboration.objects.get(pk=entry.pk).title == "IOP Matrisen 2"
    # two municipalities: X's proposals are decided with the coordinator role held in X
    proposal = world.admin_objects["collaborations.proposal"]
    both = world.users["coordinator_x_officer_y"]
    register_services.proposal_decide(proposal=proposal, status="considering", by=both)
    # ... and an officer role (Y's) decides none
    with pytest.raises(PermissionDenied):
        register_services.proposal_decide(
            proposal=proposal, status="declined", by=world.users["officer_y"], response="Nej"
        )
