"""Suppliers' invoices: the group sends an invoice through its application's page (checked
like every upload, the supplier's bankgiro validated), an officer approves it within the
amount granted (not beyond, not even with two officers approving at once) or rejects it
with a comment the group is told by email, the payout batch pays the supplier's bankgiro
naming the group, and marking the batch paid marks the invoice paid."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from grants import letters, services
from grants.models import SupplierInvoice
from portal.models import AuditEvent, Notification
from tests.factories import (
    CallFactory,
    GrantProgrammeFactory,
    MembershipFactory,
    OrganisationFactory,
)
from tests.grants.helpers import decide, submitted

pytestmark = pytest.mark.django_db
V = SupplierInvoice.Status
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
DUE = timezone.localdate() + timedelta(days=30)


def pdf(name="faktura.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def granted(world):
    """An informal group's grant of 10 000 kr paid by suppliers' invoices."""
    programme = GrantProgrammeFactory(committee=world.x.committees.get(),
                                      informal_groups_allowed=True)  # fmt: skip
    group = OrganisationFactory(municipality=world.x, informal=True, approved=True,
                                name="Föräldranärvaro Sicklaön")  # fmt: skip
    parent = MembershipFactory(organisation=group).user
    application = submitted(CallFactory(programme=programme, budget=10**6), "10000",
                            organisation=group, by=parent)  # fmt: skip
    decision = decide(application, world.users["officer_x"], amount="10000",
                      payment_route="invoices")  # fmt: skip
    return {"group": group, "parent": parent, "application": application, "decision": decision}


def form(**extra):
    return {
        "supplier_name": "Nacka Buss AB", "supplier_organisation_number": "556036-0793",
        "method": "bankgiro", "account_number": "50501055", "invoice_number": "F-1001",
        "amount": "4000", "due_on": DUE.isoformat(), "description": "Buss till lägret",
        "file": pdf(), **extra,
    }  # fmt: skip


def send(decision, by, number, amount):
    data = {
        "supplier_name": "Nacka Buss AB", "method": "bankgiro", "account_number": "5050-1055",
        "invoice_number": number, "amount": amount, "due_on": DUE, "description": "Buss",
    }  # fmt: skip
    return services.invoice_submit(decision=decision, by=by, data=data, file=pdf())


def test_the_group_sends_an_invoice_through_its_page_and_downloads_it(client, world, granted):
    application = granted["application"]
    client.force_login(granted["parent"])
    page = client.get(reverse("grants:application", args=[application.pk])).content.decode()
    assert 'id="invoices-heading"' in page
    assert "10\xa0000\xa0kr" in page
    assert "Kommunen betalar leverantörers fakturor" in letters.decision_letter_html(application)

    url = reverse("grants:invoices", args=[application.pk])
    response = client.post(url, form())
    assert response.status_code == 302
    invoice = SupplierInvoice.objects.get()
    assert (invoice.status, invoice.account_number, invoice.amount) == (
        V.SUBMITTED, "5050-1055", Decimal("4000"))  # fmt: skip
    assert invoice.supplier_organisation_number == "556036-0793"
    assert invoice.original_name == "faktura.pdf"
    assert invoice.file.name.startswith(f"invoices/{invoice.decision_id}/")
    assert "faktura" not in invoice.file.name  # stored under a random name
    assert AuditEvent.objects.filter(action="supplier_invoice.submitted").count() == 1

    page = client.get(url).content.decode()
    assert "Nacka Buss AB" in page
    assert "Väntar på godkännande" in page
    left = page.split('data-testid="invoices-left">')[1].split("<")[0]
    assert left == "10\xa0000\xa0kr"  # nothing approved yet; 4 000 kr waits for the officer
    download = client.get(reverse("grants:invoice_file", args=[application.pk, invoice.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")

    stranger = MembershipFactory(organisation__municipality=world.x).user
    client.force_login(stranger)
    assert client.get(reverse("grants:invoice_file", args=[application.pk, invoice.pk])
                      ).status_code == 404  # fmt: skip


def test_wrong_input_is_refused_in_the_form_and_nothing_typed_is_lost(client, world, granted):
    application = granted["application"]
    client.force_login(granted["parent"])
    url = reverse("grants:invoices", args=[application.pk])
    wrong_giro = client.post(url, form(account_number="5050-1056"))
    assert wrong_giro.status_code == 200
    text = wrong_giro.content.decode()
    assert "kontrollsiffran" in text.lower()
    assert 'value="Nacka Buss AB"' in text
    assert 'value="F-1001"' in text
    html = client.post(url, form(file=SimpleUploadedFile("faktura.pdf", b"<html>x</html>")))
    assert html.status_code == 200
    assert "Filens innehåll är inte av en godkänd typ" in html.content.decode()
    too_much = client.post(url, form(amount="10000.01"))
    assert "mer än" in too_much.content.decode()
    assert not SupplierInvoice.objects.exists()
    client.post(url, form())
    twice = client.post(url, form())
    assert "redan skickats in" in twice.content.decode()
    assert SupplierInvoice.objects.count() == 1


def test_only_a_grant_paid_by_invoices_takes_invoices(world, granted):
    application = submitted(granted["application"].call, "3000")
    decision = decide(application, world.users["officer_x"], amount="3000")
    person = application.organisation.memberships.get().user
    with pytest.raises(ValidationError):
        send(decision, person, "F-1", "100")
    with pytest.raises(PermissionDenied):  # not the group's person
        send(granted["decision"], person, "F-1", "100")


def test_officer_approves_within_the_grant_rejects_with_a_comment_and_the_group_is_told(
    client, world, granted
):
    decision, parent = granted["decision"], granted["parent"]
    first = send(decision, parent, "F-1", "6000")
    second = send(decision, parent, "F-2", "4000.01")  # fits what is left until F-1 is approved
    third = send(decision, parent, "F-3", "3000")
    officer = world.users["officer_x"]
    client.force_login(officer)
    review = reverse("admin:grants_supplierinvoice_review", args=[first.pk])
    assert client.get(review).status_code == 200
    assert client.post(review, {"decision": "approve"}).status_code == 302
    first.refresh_from_db()
    assert first.status == V.APPROVED
    assert first.reviewed_by == officer
    over = client.post(reverse("admin:grants_supplierinvoice_review", args=[second.pk]),
                       {"decision": "approve"})  # fmt: skip
    assert over.status_code == 200
    assert "överskrida bidraget" in over.content.decode()
    second.refresh_from_db()
    assert second.status == V.SUBMITTED
    reject = reverse("admin:grants_supplierinvoice_review", args=[second.pk])
    no_reason = client.post(reject, {"decision": "reject", "comment": ""})
    assert no_reason.status_code == 200
    assert "Skriv varför fakturan avslås" in (no_reason.content.decode())
    client.post(reject, {"decision": "reject", "comment": "Beloppet stämmer inte."})
    second.refresh_from_db()
    assert (second.status, second.officer_comment) == (V.REJECTED, "Beloppet stämmer inte.")
    told = Notification.objects.get(kind="grants.invoice_rejected")
    assert told.recipient == parent.email
    assert "Beloppet stämmer inte." in told.body
    services.invoice_review(invoice=third, approve=True, by=officer)
    with pytest.raises(ValidationError):  # reviewed once
        services.invoice_review(invoice=third, approve=False, by=officer, comment="Nej")
    with pytest.raises(ValidationError):  # another municipality's officer
        services.invoice_review(invoice=second, approve=True, by=world.users["officer_y"])

    # The officer reads the list, the invoice and its file; the case page lists the invoices.
    listing = client.get(reverse("admin:grants_supplierinvoice_changelist") + "?status=approved")
    assert listing.status_code == 200
    assert "F-1" in listing.content.decode()
    assert "F-2" not in listing.content.decode()
    file = client.get(reverse("admin:grants_supplierinvoice_file", args=[first.pk]))
    assert b"".join(file.streaming_content) == PDF
    case = client.get(reverse("admin:grants_application_change",
                              args=[granted["application"].pk])).content.decode()  # fmt: skip
    assert "Nacka Buss AB" in case
    assert "F-3" in case
    client.force_login(world.users["officer_y"])
    assert client.get(reverse("admin:grants_supplierinvoice_file", args=[first.pk])
                      ).status_code == 404  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_two_officers_approving_at_once_never_exceed_the_grant(world, granted):
    decision, parent = granted["decision"], granted["parent"]
    invoices = [send(decision, parent, f"F-{n}", "6000") for n in range(2)]
    officer = world.users["officer_x"]
    barrier = threading.Barrier(2)
    outcomes = []

    def run(invoice):
        barrier.wait()
        try:
            services.invoice_review(invoice=invoice, approve=True, by=officer)
            outcomes.append("approved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=[invoice]) for invoice in invoices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "refused"]
    assert SupplierInvoice.objects.filter(status=V.APPROVED).count() == 1


def test_approved_invoice_is_paid_to_the_supplier_and_marked_paid_with_the_batch(world, granted):
    decision, parent, group = granted["decision"], granted["parent"], granted["group"]
    officer = world.users["officer_x"]
    invoice = send(decision, parent, "F-9", "2500")
    committee = granted["application"].call.programme.committee
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError):  # nothing approved yet
        services.payout_batch_create(committee=committee, decisions=[decision],
                                     payment_date=tomorrow, by=officer)  # fmt: skip
    services.invoice_review(invoice=invoice, approve=True, by=officer)
    batch, refused = services.payout_batch_create(
        committee=committee, decisions=[decision], payment_date=tomorrow, by=officer
    )
    assert refused == []
    payout = batch.payouts.get()
    assert (payout.method, payout.account_number, payout.amount) == (
        "bankgiro", "5050-1055", Decimal("2500"))  # fmt: skip
    assert (payout.organisation_name, payout.recipient_name) == ("Nacka Buss AB", group.name)
    assert payout.invoice == invoice
    assert payout.reference == "F-9"
    services.payout_batch_transition(batch=batch, to_status="sent", by=officer)
    services.payout_batch_transition(batch=batch, to_status="paid", by=officer)
    invoice.refresh_from_db()
    assert invoice.status == V.PAID
    assert invoice.paid_at is not None
    # Paid invoices count against the grant: 7 500 kr is left.
    with pytest.raises(ValidationError):
        send(decision, parent, "F-10", "7500.01")
    assert send(decision, parent, "F-10", "7500").status == V.SUBMITTED
