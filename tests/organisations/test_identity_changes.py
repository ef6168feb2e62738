"""A change of an approved organisation's name, legal form or organisation number waits for
an officer of its municipality (issue 18, item 6): the approved identity stays in force, in
the registry and in every export, until the officer approves it in the admin."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from grants import selectors as grant_selectors
from grants.models import Payout
from grants.services import payout_batch_create
from organisations import identity, services
from organisations.models import EligibilityPeriod, IdentityChange, Membership, PayoutAccount
from organisations.selectors import current_eligibility
from portal.models import AuditEvent
from tests.factories import (
    CallFactory,
    GrantProgrammeFactory,
    OrganisationFactory,
    UserFactory,
    valid_organisation_number,
)
from tests.grants.helpers import decide, submitted

pytestmark = pytest.mark.django_db
IC = IdentityChange.Status
NEW_NUMBER = valid_organisation_number(990001)  # 802990-001C: an ideell förening


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def org(world):
    """An approved association of municipality X, eligible for grants, with its responsible."""
    organisation = OrganisationFactory(
        municipality=world.x, approved=True, name="Fisksätra IF", contact_name="Kim Kontakt"
    )
    EligibilityPeriod.objects.create(
        organisation=organisation,
        valid_from=timezone.localdate() - timedelta(days=10),
        valid_until=timezone.localdate() + timedelta(days=300),
    )
    organisation.responsible = UserFactory()
    Membership.objects.create(
        user=organisation.responsible, organisation=organisation, role="responsible"
    )
    return organisation


def form_data(organisation, **overrides):
    data = {
        "name": organisation.name,
        "legal_form": organisation.legal_form,
        "organisation_number": organisation.organisation_number,
        "purpose": organisation.purpose,
        "contact_name": organisation.contact_name,
        "contact_email": organisation.contact_email,
        "attest_values": "on",
    }
    data.update(overrides)
    return data


def ask(organisation, **changes):
    return identity.organisation_edit(
        organisation=organisation,
        by=organisation.responsible,
        data={**{k: v for k, v in form_data(organisation).items() if k != "attest_values"},
              **changes},
    )  # fmt: skip


def approve_in_admin(client, officer, organisation, change, **extra):
    client.force_login(officer)
    url = reverse("admin:organisations_organisation_identity_approve", args=[organisation.pk])
    return client.post(url, {"change": change.pk, **extra})


def test_a_new_number_waits_for_review_and_other_details_save_at_once(client, org):
    old_number = org.organisation_number
    client.force_login(org.responsible)
    response = client.post(
        reverse("organisations:edit", args=[org.pk]),
        form_data(org, organisation_number=NEW_NUMBER, name="Fisksätra IF 2.0",
                  contact_name="Nya Kontakten"),
    )  # fmt: skip
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.organisation_number, org.name, org.status) == (
        old_number,
        "Fisksätra IF",
        "approved",
    )
    assert org.contact_name == "Nya Kontakten"  # not an identity field: saved directly
    assert current_eligibility(org) is not None
    change = IdentityChange.objects.get(organisation=org)
    assert change.status == IC.PENDING
    assert change.before == {"name": "Fisksätra IF", "legal_form": "ideell_forening",
                             "organisation_number": old_number}  # fmt: skip
    assert change.after["organisation_number"] == NEW_NUMBER
    assert change.requested_by == org.responsible
    event = AuditEvent.objects.get(action="organisation.identity_change_requested")
    assert event.before["organisation_number"] == old_number
    assert event.after["organisation_number"] == NEW_NUMBER
    # the association sees that the change awaits review, and the form keeps what it asked
    page = client.get(reverse("organisations:detail", args=[org.pk])).content.decode()
    assert 'data-testid="identity-change"' in page
    assert NEW_NUMBER in page
    assert "Fisksätra IF 2.0" in page
    form = client.get(reverse("organisations:edit", args=[org.pk])).content.decode()
    assert f'value="{NEW_NUMBER}"' in form
    # saving other details again neither asks again nor drops the request
    client.post(
        reverse("organisations:edit", args=[org.pk]),
        form_data(org, organisation_number=NEW_NUMBER, name="Fisksätra IF 2.0", phone="08-123"),
    )
    assert list(IdentityChange.objects.values_list("pk", "status")) == [(change.pk, IC.PENDING)]


def test_organisations_not_yet_approved_change_directly(client, world):
    organisation = OrganisationFactory(municipality=world.x)  # pending
    organisation.responsible = UserFactory()
    Membership.objects.create(
        user=organisation.responsible, organisation=organisation, role="responsible"
    )
    client.force_login(organisation.responsible)
    client.post(
        reverse("organisations:edit", args=[organisation.pk]),
        form_data(organisation, organisation_number=NEW_NUMBER, name="Nytt namn"),
    )
    organisation.refresh_from_db()
    assert (organisation.organisation_number, organisation.name) == (NEW_NUMBER, "Nytt namn")
    assert not IdentityChange.objects.exists()


def test_exports_keep_the_approved_identity_until_an_officer_approves(client, world, org):
    world.x.organisation_number = "212000-0142"
    world.x.save()
    officer = world.users["officer_x"]
    call = CallFactory(programme=GrantProgrammeFactory(committee=world.x.committees.get()),
                       budget=1_000_000)  # fmt: skip
    decision = decide(submitted(call, "10000", organisation=org), officer, amount="10000")
    PayoutAccount.objects.create(organisation=org, method="bankgiro", number="5050-1055",
                                 account_holder="Fisksätra IF")  # fmt: skip
    old_number = org.organisation_number
    change = ask(org, organisation_number=NEW_NUMBER, name="Helt Annan Förening")

    def open_data():
        content = client.get(reverse("grants:granted_json", args=[world.x.slug])).getvalue()
        return json.loads(content)["grants"][0]["recipientOrganization"][0]

    def payment_row():
        batch, refused = payout_batch_create(
            committee=world.x.committees.get(), decisions=[decision],
            payment_date=timezone.localdate() + timedelta(days=1), by=officer,
        )  # fmt: skip
        assert refused == []
        [row] = csv.DictReader(io.StringIO(grant_selectors.payment_file_csv(batch)), delimiter=";")
        Payout.objects.filter(batch=batch).delete()  # planned again below
        batch.delete()
        return row["Organisation"], row["Organisationsnummer"]

    def letter():
        client.force_login(org.responsible)
        page = client.get(reverse("grants:decision_letter", args=[decision.application_id]))
        client.logout()
        return page.content.decode()

    assert open_data() == {"id": f"SE-ON-{old_number.replace('-', '')}", "name": "Fisksätra IF"}
    assert payment_row() == ("Fisksätra IF", old_number)
    assert old_number in letter()
    assert NEW_NUMBER not in letter()

    assert approve_in_admin(client, officer, org, change).status_code == 302
    client.logout()
    assert open_data() == {"id": f"SE-ON-{NEW_NUMBER.replace('-', '')}",
                           "name": "Helt Annan Förening"}  # fmt: skip
    assert payment_row() == ("Helt Annan Förening", NEW_NUMBER)
    assert NEW_NUMBER in letter()


def test_officer_sees_before_and_after_and_a_new_number_ends_eligibility(client, world, org):
    officer = world.users["officer_x"]
    old_number = org.organisation_number
    change = ask(org, organisation_number=NEW_NUMBER)
    client.force_login(officer)
    page = client.get(reverse("admin:organisations_organisation_change", args=[org.pk]))
    html = page.content.decode()
    assert 'id="identity-change-heading"' in html
    assert old_number in html
    assert NEW_NUMBER in html
    assert f'name="change" value="{change.pk}"' in html
    assert 'name="keep_eligibility"' in html

    response = approve_in_admin(client, officer, org, change)
    assert response["Location"] == reverse("admin:organisations_organisation_change", args=[org.pk])
    org.refresh_from_db()
    change.refresh_from_db()
    assert org.organisation_number == NEW_NUMBER
    assert org.status == "approved"
    assert (change.status, change.decided_by) == (IC.APPROVED, officer)
    assert current_eligibility(org) is None  # a new legal person: granted again after a check
    period = org.eligibility_periods.get()
    assert period.revoked_by == officer
    assert "organisationsnummer" in period.revoke_reason
    approved = AuditEvent.objects.get(action="organisation.identity_change_approved")
    assert approved.before["organisation_number"] == old_number
    assert approved.after["organisation_number"] == NEW_NUMBER
    assert approved.after["eligibility_periods_ended"] == 1
    assert AuditEvent.objects.filter(action="eligibility.revoked").exists()
    page = client.get(reverse("admin:organisations_organisation_change", args=[org.pk]))
    assert 'id="identity-change-heading"' not in page.content.decode()


def test_a_corrected_number_may_keep_the_eligibility(client, world, org):
    change = ask(org, organisation_number=NEW_NUMBER)
    approve_in_admin(client, world.users["officer_x"], org, change, keep_eligibility="on")
    org.refresh_from_db()
    assert org.organisation_number == NEW_NUMBER
    assert current_eligibility(org) is not None


def test_a_new_name_alone_keeps_the_eligibility(world, org):
    change = ask(org, name="Fisksätra Idrottsförening")
    assert not change.is_new_legal_person
    identity.identity_change_approve(change=change, by=world.users["officer_x"])
    org.refresh_from_db()
    assert org.name == "Fisksätra Idrottsförening"
    assert current_eligibility(org) is not None


def test_informal_group_name_change_waits_too(world):
    group = OrganisationFactory(municipality=world.x, informal=True, approved=True)
    group.responsible = UserFactory()
    Membership.objects.create(user=group.responsible, organisation=group, role="responsible")
    change = identity.organisation_edit(
        organisation=group, by=group.responsible,
        data={"name": "Nattvandrarna", "legal_form": "", "organisation_number": ""},
    )  # fmt: skip
    group.refresh_from_db()
    assert change.status == IC.PENDING
    assert group.name != "Nattvandrarna"


def test_officer_rejects_with_a_reason_the_association_reads(client, world, org):
    officer = world.users["officer_x"]
    change = ask(org, organisation_number=NEW_NUMBER)
    client.force_login(officer)
    url = reverse("admin:organisations_organisation_identity_reject", args=[org.pk])
    page = client.get(url, {"change": change.pk})
    assert page.status_code == 200
    assert NEW_NUMBER in page.content.decode()
    assert client.post(f"{url}?change={change.pk}", {"message": " "}).status_code == 200
    assert IdentityChange.objects.get().status == IC.PENDING
    response = client.post(f"{url}?change={change.pk}", {"message": "Nummret hör till en annan."})
    assert response.status_code == 302
    change.refresh_from_db()
    org.refresh_from_db()
    assert (change.status, change.decision_message) == (IC.REJECTED, "Nummret hör till en annan.")
    assert org.organisation_number != NEW_NUMBER
    assert current_eligibility(org) is not None
    assert AuditEvent.objects.filter(action="organisation.identity_change_rejected").exists()
    client.force_login(org.responsible)
    page = client.get(reverse("organisations:detail", args=[org.pk])).content.decode()
    assert "Nummret hör till en annan." in page


def test_only_an_officer_of_the_municipality_decides(client, world, org):
    change = ask(org, organisation_number=NEW_NUMBER)
    for user in (
        world.users["officer_y"],
        world.users["coordinator_x"],
        world.users["politician_x"],
        org.responsible,
    ):
        with pytest.raises(PermissionDenied):
            identity.identity_change_approve(change=change, by=user)
        with pytest.raises(PermissionDenied):
            identity.identity_change_reject(change=change, by=user, message="Nej")
    response = approve_in_admin(client, world.users["officer_y"], org, change)
    assert response.status_code == 404
    client.force_login(org.responsible)
    url = reverse("admin:organisations_organisation_identity_approve", args=[org.pk])
    response = client.post(url, {"change": change.pk})
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    org.refresh_from_db()
    assert org.organisation_number != NEW_NUMBER
    assert IdentityChange.objects.get().status == IC.PENDING


def test_plain_members_cannot_ask(world, org):
    member = UserFactory()
    Membership.objects.create(user=member, organisation=org, role="member")
    with pytest.raises(PermissionDenied):
        identity.organisation_edit(organisation=org, by=member, data={"name": "Kapat"})


def test_the_person_who_asked_cannot_approve_it(world, org):
    officer = world.users["officer_x"]
    Membership.objects.create(user=officer, organisation=org, role="grant_manager")
    change = identity.organisation_edit(
        organisation=org, by=officer, data={"organisation_number": NEW_NUMBER}
    )
    with pytest.raises(ValidationError, match="annan"):
        identity.identity_change_approve(change=change, by=officer)


def test_a_replaced_or_outdated_change_is_not_approved(client, world, org):
    officer = world.users["officer_x"]
    first = ask(org, organisation_number=NEW_NUMBER)
    second = ask(org, name="Annat namn")  # asks for another identity: replaces the first
    first.refresh_from_db()
    assert (first.status, second.status) == (IC.WITHDRAWN, IC.PENDING)
    approve_in_admin(client, officer, org, first)  # the page the officer had open
    org.refresh_from_db()
    assert (org.organisation_number, org.name) != (NEW_NUMBER, "Annat namn")
    assert org.name == "Fisksätra IF"
    # the identity in force changed since (an officer corrected it in the admin)
    services.organisation_update(organisation=org, by=officer, data={"name": "Rättat namn"})
    with pytest.raises(ValidationError):
        identity.identity_change_approve(change=second, by=officer)
    # asking for the identity in force withdraws the pending change
    org.refresh_from_db()
    assert ask(org) is None
    second.refresh_from_db()
    assert second.status == IC.WITHDRAWN


def test_a_number_taken_meanwhile_is_refused_on_approval(world, org):
    change = ask(org, organisation_number=NEW_NUMBER)
    OrganisationFactory(municipality=world.x, organisation_number=NEW_NUMBER)
    with pytest.raises(ValidationError):
        identity.identity_change_approve(change=change, by=world.users["officer_x"])
    org.refresh_from_db()
    assert org.organisation_number != NEW_NUMBER


def test_one_pending_change_per_organisation_in_the_database(org):
    ask(org, name="Ett")
    with pytest.raises(IntegrityError), transaction.atomic():
        IdentityChange.objects.create(
            organisation=org, name_before=org.name, name_after="Två",
            legal_form_before=org.legal_form, legal_form_after=org.legal_form,
            organisation_number_before=org.organisation_number,
            organisation_number_after=org.organisation_number,
        )  # fmt: skip


def test_decided_moves_follow_the_workflow(world, org):
    officer = world.users["officer_x"]
    change = ask(org, name="Ett")
    identity.identity_change_reject(change=change, by=officer, message="Nej")
    with pytest.raises(ValidationError):
        identity.identity_change_approve(change=change, by=officer)
    with pytest.raises(ValidationError):
        identity.identity_change_reject(change=change, by=officer, message="Nej igen")
