"""Host organisations (värdorganisationer): an informal group names a registered association
of its municipality through the application page, a person who may sign for the host accepts
(name typed as signature, promise ticked) while a plain member of the host cannot, the officer
decides with payment_route="host", the payout batch pays the host's account naming the
group, and the decision letter, the case page and open data name both."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants import letters, services
from grants.models import Application, HostAgreement
from organisations.models import Organisation, PayoutAccount
from portal.models import AuditEvent, Notification
from tests.factories import (
    CallFactory,
    GrantProgrammeFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.grants.helpers import decide, eligible_organisation, submitted
from tests.grants.test_opendata import schema_errors

pytestmark = pytest.mark.django_db
H = HostAgreement.Status
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def setting(world):
    x = world.x
    programme = GrantProgrammeFactory(committee=x.committees.get(), informal_groups_allowed=True)
    call = CallFactory(programme=programme, budget=10**6)
    group = OrganisationFactory(
        municipality=x, informal=True, approved=True, name="Föräldranärvaro Sicklaön"
    )
    parent = MembershipFactory(organisation=group, user__full_name="Pia Förälder").user
    host = eligible_organisation(x)
    host.name = "Studieförbundet Vuxenskolan Nacka"
    host.save()
    signer = MembershipFactory(organisation=host, user__full_name="Sara Signatär").user
    plain = MembershipFactory(organisation=host, role="member").user
    PayoutAccount.objects.create(
        organisation=host, method="bankgiro", number="5050-1055", account_holder=host.name
    )
    application = submitted(call, "8000", organisation=group, by=parent)
    return {
        "call": call, "group": group, "parent": parent, "host": host, "signer": signer,
        "plain": plain, "application": application,
    }  # fmt: skip


def _ask(client, s, **extra):
    client.force_login(s["parent"])
    data = {"host": s["host"].pk, "message": "Vi nattvandrar varje fredag.", **extra}
    return client.post(reverse("grants:host", args=[s["application"].pk]), data)


def test_group_asks_host_signs_officer_decides_payout_letter_and_open_data_name_both(
    client, world, setting
):
    s = setting
    group, host, application = s["group"], s["host"], s["application"]
    # The group's application page offers the municipality's registered associations only.
    other_group = OrganisationFactory(municipality=world.x, informal=True, approved=True,
                                      name="Annan grupp")  # fmt: skip
    pending = OrganisationFactory(municipality=world.x, name="Ej godkänd förening")
    elsewhere = eligible_organisation(world.y)
    client.force_login(s["parent"])
    page = client.get(reverse("grants:application", args=[application.pk])).content.decode()
    assert 'id="host-heading"' in page
    assert f'<option value="{host.pk}">' in page
    for refused in (other_group, pending, elsewhere, group):
        assert f'<option value="{refused.pk}"' not in page

    response = _ask(client, s)
    assert response.status_code == 302
    agreement = HostAgreement.objects.get(application=application)
    assert (agreement.status, agreement.host, agreement.requested_by) == (H.REQUESTED, host,
                                                                          s["parent"])  # fmt: skip
    asked = Notification.objects.filter(kind="grants.host_request")
    assert {n.recipient for n in asked} == {s["signer"].email}  # not the plain member
    assert reverse("grants:host_request", args=[agreement.pk]) in asked.get().body

    # A member of the host without the right to sign neither sees nor answers the request.
    client.force_login(s["plain"])
    assert client.get(reverse("grants:host_request", args=[agreement.pk])).status_code == 404
    assert group.name not in client.get(reverse("grants:host_requests")).content.decode()
    with pytest.raises(PermissionDenied):
        services.host_answer(agreement=agreement, accept=True, by=s["plain"],
                             signatory_name="Per Medlem", promise=True)  # fmt: skip

    # The signer sees it on My page and in the list, and must sign and tick to accept.
    client.force_login(s["signer"])
    assert (
        reverse("grants:host_request", args=[agreement.pk])
        in client.get(reverse("portal:my_page")).content.decode()
    )
    listing = client.get(reverse("grants:host_requests")).content.decode()
    assert group.name in listing
    url = reverse("grants:host_request", args=[agreement.pk])
    detail = client.get(url).content.decode()
    assert "8\xa0000\xa0kr" in detail
    assert s["call"].title in detail
    unsigned = client.post(url, {"answer": "accept", "signatory_role": "Ordförande"})
    assert unsigned.status_code == 200
    text = unsigned.content.decode()
    assert "Skriv ditt fullständiga namn" in text
    assert 'value="Ordförande"' in text  # nothing typed is lost
    agreement.refresh_from_db()
    assert agreement.status == H.REQUESTED
    signed = client.post(url, {"answer": "accept", "signatory_name": "Sara  Signatär",
                               "signatory_role": "Ordförande", "promise": "on"})  # fmt: skip
    assert signed.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == H.ACCEPTED
    assert (agreement.signatory_name, agreement.signatory_role) == ("Sara Signatär", "Ordförande")
    assert agreement.signed_by == s["signer"]
    assert agreement.answered_at is not None
    event = AuditEvent.objects.get(action="host_agreement.answered")
    assert event.after["promised"] is True
    assert event.after["signatory"] == "Sara Signatär"
    told = Notification.objects.get(kind="grants.host_answer")
    assert told.recipient == s["parent"].email
    assert host.name in told.subject

    # The group's page shows the accepted host; the officer decides through the host.
    client.force_login(s["parent"])
    page = client.get(reverse("grants:application", args=[application.pk])).content.decode()
    assert "Sara Signatär" in page
    assert host.name in page
    officer = world.users["officer_x"]
    decision = decide(application, officer, amount="8000", payment_route="host")
    assert decision.host == host

    batch, refused = services.payout_batch_create(
        committee=application.call.programme.committee, decisions=[decision],
        payment_date=timezone.localdate() + timedelta(days=1), by=officer,
    )  # fmt: skip
    assert refused == []
    payout = batch.payouts.get()
    assert (payout.account_number, payout.organisation_name, payout.recipient_name) == (
        "5050-1055", host.name, group.name)  # fmt: skip

    letter = letters.decision_letter_html(application, full_account=True)
    assert (
        f"Bidraget betalas till värdorganisationen {host.name}, som tar emot och redovisar "
        f"det för gruppen {group.name}." in letter
    )
    assert "••••-••55" in letter
    assert "5050-1055" not in letter

    client.force_login(officer)
    case = client.get(reverse("admin:grants_application_change", args=[application.pk]))
    assert "Sara Signatär" in case.content.decode()
    assert host.name in case.content.decode()

    data = json.loads(client.get(reverse("grants:granted_json", args=["nacka"])).getvalue())
    assert schema_errors(data) == []
    [record] = data["grants"]
    assert record["recipientOrganization"][0]["name"] == group.name
    assert record["intermediaryOrganization"] == [{"id": host.open_data_id, "name": host.name}]
    csv_text = client.get(reverse("grants:granted_csv", args=["nacka"])).getvalue().decode()
    header, row = csv_text.splitlines()[:2]
    assert header.endswith("Intermediary Org:Identifier,Intermediary Org:Name")
    assert row.endswith(f"{host.open_data_id},{host.name}")


def test_only_a_registered_association_of_the_municipality_may_host(world, setting):
    s = setting
    application, parent = s["application"], s["parent"]
    other_group = OrganisationFactory(municipality=world.x, informal=True, approved=True)
    pending = OrganisationFactory(municipality=world.x)
    elsewhere = eligible_organisation(world.y)
    for refused in (other_group, pending, elsewhere, s["group"]):
        with pytest.raises(ValidationError) as error:
            services.host_request(application=application, host=refused, by=parent)
        assert "host" in error.value.message_dict
    with pytest.raises(PermissionDenied):  # only those who apply for the group
        services.host_request(application=application, host=s["host"], by=s["signer"])
    assert not HostAgreement.objects.exists()
    # An association is paid to its own account: it names no host.
    association_case = submitted(s["call"], "5000")
    person = association_case.organisation.memberships.get().user
    with pytest.raises(ValidationError):
        services.host_request(application=association_case, host=s["host"], by=person)


def test_asking_again_after_a_decline_reuses_the_agreement_and_a_decided_case_is_closed(
    world, setting
):
    s = setting
    application, parent, host = s["application"], s["parent"], s["host"]
    first = services.host_request(application=application, host=host, by=parent)
    with pytest.raises(ValidationError):  # one request at a time
        services.host_request(application=application, host=host, by=parent)
    services.host_answer(agreement=first, accept=False, by=s["signer"], note="Inte i år.")
    first.refresh_from_db()
    assert first.status == H.DECLINED
    assert first.answer_note == "Inte i år."
    second_host = eligible_organisation(world.x)
    again = services.host_request(application=application, host=second_host, by=parent)
    assert again.pk == first.pk
    assert again.status == H.REQUESTED
    assert again.host == second_host
    assert again.answered_at is None
    assert again.answer_note == ""
    services.host_withdraw(agreement=again, by=parent)
    again.refresh_from_db()
    assert again.status == H.WITHDRAWN
    with pytest.raises(ValidationError):  # nothing waiting to withdraw
        services.host_withdraw(agreement=again, by=parent)
    services.host_request(application=application, host=host, by=parent)
    decide(application, world.users["officer_x"], amount="8000")  # paid to the group itself
    with pytest.raises(ValidationError, match=r"redan beslutats|already been decided"):
        services.host_answer(agreement=again, accept=True, by=s["signer"],
                             signatory_name="Sara Signatär", promise=True)  # fmt: skip
    assert list(
        AuditEvent.objects.filter(action__startswith="host_agreement.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["host_agreement.requested", "host_agreement.answered", "host_agreement.requested",
          "host_agreement.withdrawn", "host_agreement.requested"]  # fmt: skip


def test_the_signature_is_the_signers_own_name_and_the_promise_is_ticked(world, setting):
    s = setting
    agreement = services.host_request(application=s["application"], host=s["host"], by=s["parent"])
    for name, promise in (("Någon Annan", True), ("Sara", True), ("Sara Signatär", False)):
        with pytest.raises(ValidationError):
            services.host_answer(agreement=agreement, accept=True, by=s["signer"],
                                 signatory_name=name, promise=promise)  # fmt: skip
    agreement.refresh_from_db()
    assert agreement.status == H.REQUESTED
    services.host_answer(agreement=agreement, accept=True, by=s["signer"],
                         signatory_name="sara signatär", promise=True)  # fmt: skip
    with pytest.raises(ValidationError):  # answered once
        services.host_answer(agreement=agreement, accept=False, by=s["signer"])


def test_deciding_through_a_host_needs_an_accepted_agreement(world, setting):
    s = setting
    services.host_request(application=s["application"], host=s["host"], by=s["parent"])
    with pytest.raises(ValidationError):
        decide(s["application"], world.users["officer_x"], amount="8000", payment_route="host")
    assert Application.objects.get(pk=s["application"].pk).status != "decided"


def test_host_requests_page_query_count_is_constant(client, world, setting):
    s = setting
    client.force_login(s["signer"])
    url = reverse("grants:host_requests")

    def ask():
        group = OrganisationFactory(municipality=world.x, informal=True, approved=True)
        person = UserFactory()
        group.memberships.create(user=person, role="responsible")
        application = submitted(s["call"], "1000", organisation=group, by=person)
        services.host_request(application=application, host=s["host"], by=person)

    ask()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        ask()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count(reverse("grants:host_requests")) >= 1
    assert len(many) == len(few)
    assert Organisation.objects.filter(kind="informal_group").count() >= 5


def test_host_and_invoice_emails_name_the_municipality_in_each_readers_language(world, settings):
    """The three emails of this part, made as tests/portal/test_emails_named.py makes the
    others (that test's ``_every_kind`` needs these steps to cover them too)."""
    settings.PORTAL_BASE_URL = "https://samverkan.example"
    x, officer = world.x, world.users["officer_x"]
    programme = GrantProgrammeFactory(committee=x.committees.get(), informal_groups_allowed=True)
    group = OrganisationFactory(municipality=x, informal=True, approved=True, name="Nattvandrarna")
    sv = UserFactory(preferred_language="sv")
    en = UserFactory(preferred_language="en")
    group.memberships.create(user=sv, role="responsible")
    host = eligible_organisation(x)
    host.memberships.create(user=en, role="responsible")
    application = submitted(CallFactory(programme=programme), "3000", organisation=group, by=sv)
    agreement = services.host_request(application=application, host=host, by=sv)
    services.host_answer(agreement=agreement, accept=False, by=en, note="Inte i år.")
    invoiced = submitted(CallFactory(programme=programme), "3000", organisation=group, by=sv)
    decision = decide(invoiced, officer, amount="3000", payment_route="invoices")
    invoice = services.invoice_submit(
        decision=decision, by=sv, file=SimpleUploadedFile("f.pdf", PDF),
        data={"supplier_name": "Buss AB", "method": "bankgiro", "account_number": "5050-1055",
              "invoice_number": "F-1", "amount": "100", "due_on": timezone.localdate(),
              "description": "Buss"},
    )  # fmt: skip
    services.invoice_review(invoice=invoice, approve=False, by=officer, comment="Fel belopp.")
    rows = {n.kind: n for n in Notification.objects.filter(kind__in=[
        "grants.host_request", "grants.host_answer", "grants.invoice_rejected"])}  # fmt: skip
    assert set(rows) == {"grants.host_request", "grants.host_answer", "grants.invoice_rejected"}
    for row in rows.values():
        assert row.subject.startswith("[Samverkan – Nacka kommun] ")
        assert row.body.rstrip().endswith("Samverkan – Nacka kommun\nhttps://samverkan.example/")
    assert rows["grants.host_request"].recipient == en.email  # the host's signer, in English
    assert rows["grants.host_request"].body.startswith("Hello")
    assert rows["grants.host_answer"].body.startswith("Hej")
    assert "tackat nej" in rows["grants.host_answer"].subject
    assert "Fel belopp." in rows["grants.invoice_rejected"].body


def test_the_export_of_a_person_holds_the_host_agreements_they_asked_for_or_signed(
    client, world, setting
):
    """GDPR art. 15: the group's parent and the host's signer each find the agreement in
    their own export (only the signer's own signature), and nobody else does."""
    s = setting
    agreement = services.host_request(application=s["application"], host=s["host"], by=s["parent"])
    services.host_answer(agreement=agreement, accept=True, by=s["signer"],
                         signatory_name="Sara Signatär", promise=True)  # fmt: skip

    def export(user):
        client.force_login(user)
        return json.loads(client.get(reverse("portal:my_data")).content)["host_agreements"]

    (asked,) = export(s["parent"])
    assert asked["asked_by_you"] is True
    assert asked["signed_by_you"] is False
    assert asked["signatory_name"] == ""
    assert asked["host"] == s["host"].name
    (signed,) = export(s["signer"])
    assert signed["signed_by_you"] is True
    assert signed["signatory_name"] == "Sara Signatär"
    assert signed["group"] == s["group"].name
    assert export(s["plain"]) == []
