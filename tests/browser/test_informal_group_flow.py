"""The night-walking parents get paid (issue 21): an informal group, not a legal person,
applies for a micro-grant, names a study association as its host, the host's responsible
person signs the acceptance, the officer decides on delegation that the host receives the
money, plans and pays the batch (the host's bankgiro, the group named as recipient), and the
group writes the one-screen report that the officer accepts. In a second flow the grant is
paid by suppliers' invoices: the group sends one in, the officer approves it and the supplier
is paid. Every page the group and the host use passes axe (WCAG 2.1 AA).
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict
from playwright.sync_api import expect

from devtools.demo_data import DEMO_PASSWORD
from grants import services
from grants.models import (
    Application,
    Call,
    Decision,
    FollowUpReport,
    HostAgreement,
    Payout,
    PayoutBatch,
    SupplierInvoice,
)
from organisations.models import Organisation
from portal.models import User
from tests.browser.conftest import admin_session, portal_session

pytestmark = pytest.mark.browser

GROUP_MEMBER = "nattvandring@example.se"
HOST_MEMBER = "studieforbund@example.se"
OFFICER = "handlaggare.nacka@example.se"
GROUP = "Föräldranärvaro Sicklaön"
HOST = "Studieförbundet Vuxenskolan Nacka"
CALL_TITLE = "Mikrobidrag för trygghet (löpande)"
SAVE = "#content input[type=submit].default"
# A 1×1 PNG: the photo from the evening walk.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def url(name, *args) -> str:
    with translation.override("sv"):
        return reverse(name, args=args)


def run_action(page, application, action):
    page.goto(f"/admin/grants/application/?q={application.diarienummer}")
    page.locator(f'#result_list input[name=_selected_action][value="{application.pk}"]').check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index]").click()


def pay_the_batch(officer, application) -> PayoutBatch:
    """Plan a payout batch for the case in the admin, mark it sent and paid."""
    run_action(officer, application, "plan_payouts")
    officer.locator("#id_payment_date").fill((timezone.localdate() + timedelta(3)).isoformat())
    officer.locator(SAVE).click()
    batch_link = officer.locator('.messagelist a[href*="/admin/grants/payoutbatch/"]')
    expect(batch_link).to_be_visible()
    batch = PayoutBatch.objects.get(payouts__decision__application=application)
    batch_link.click()
    officer.wait_for_url(f"**/admin/grants/payoutbatch/{batch.pk}/change/")
    officer.locator("button[name=status][value=sent]").click()
    officer.locator("button[name=status][value=paid]").click()
    expect(officer.locator("button[name=status]")).to_have_count(0)
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.PAID
    return batch


def test_night_walkers_get_a_micro_grant_through_a_host_and_report(
    browser, live_server, demo, accessible
):
    call = Call.objects.get(title=CALL_TITLE)
    assert call.programme.fast_track
    assert call.programme.decision_days == 5
    group_org = Organisation.objects.get(name=GROUP)
    host_org = Organisation.objects.get(name=HOST)
    assert group_org.kind == Organisation.Kind.INFORMAL_GROUP

    # --- The group applies on one screen and names its host ------------------------------
    group = portal_session(browser, live_server, GROUP_MEMBER, DEMO_PASSWORD)
    group.goto(url("grants:call", call.pk))
    expect(group.locator("main")).to_contain_text("5 arbetsdagar")
    accessible(group)
    group.get_by_role("button", name=f"Ansök för {GROUP}").click()
    group.wait_for_url(re.compile(r"/bidrag/ansokningar/\d+/$"))
    application = Application.objects.get(organisation=group_org, call=call)
    group.locator("#id_q_insats").fill("Föräldrar går ut på fredagskvällar vid Sickla köpkvarter.")
    group.locator("#id_q_belopp").fill("8000")
    group.locator("button[name=action][value=save]").click()
    expect(group.locator("#host-heading")).to_be_visible()
    accessible(group)
    group.locator("#host_host").select_option(label=HOST)
    group.locator("#host_message").fill("Vi har ingen bankgiro; kan ni ta emot bidraget åt oss?")
    group.get_by_role("button", name="Skicka förfrågan till värden").click()
    expect(group.get_by_test_id("host-status")).to_contain_text(HOST)
    agreement = HostAgreement.objects.get(application=application)
    assert agreement.status == HostAgreement.Status.REQUESTED
    group.goto(url("grants:application", application.pk))
    group.locator("button[name=action][value=submit]").click()
    group.wait_for_url(f"**{url('grants:receipt', application.pk)}")
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.amount_requested == Decimal("8000")

    # --- The host's responsible person signs the acceptance ------------------------------
    host = portal_session(browser, live_server, HOST_MEMBER, DEMO_PASSWORD)
    host.goto(url("grants:host_requests"))
    accessible(host)
    host.get_by_role("link", name=re.compile(GROUP)).first.click()
    host.wait_for_url(f"**{url('grants:host_request', agreement.pk)}")
    accessible(host)
    host.get_by_role("button", name="Acceptera och skriv under").click()  # not signed yet
    expect(host.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    host.locator("#answer_signatory_name").fill("Sven Studieledare")
    host.locator("#answer_signatory_role").fill("Verksamhetsutvecklare")
    host.locator("input[name=promise]").check()
    host.get_by_role("button", name="Acceptera och skriv under").click()
    expect(host.get_by_test_id("host-request-status")).to_have_text("Godkänd av värden")
    agreement.refresh_from_db()
    assert agreement.status == HostAgreement.Status.ACCEPTED
    assert agreement.signatory_name == "Sven Studieledare"
    assert agreement.signed_by == User.objects.get(email=HOST_MEMBER)

    # --- The officer sees the promise and decides on delegation: paid through the host ---
    officer = admin_session(browser, live_server, OFFICER, DEMO_PASSWORD)
    officer.goto("/admin/grants/application/?q=" + application.diarienummer)
    expect(officer.locator("#result_list")).to_contain_text("dagar kvar")
    case_url = f"/admin/grants/application/{application.pk}/change/"
    officer.goto(case_url)
    expect(officer.locator("#content")).to_contain_text(HOST)
    officer.locator('a[href$="/decide/"]').click()
    officer.wait_for_url("**/decide/")
    expect(officer.locator("#id_decided_by_kind")).to_have_value("delegated_officer")
    officer.locator("#id_outcome").select_option("approved")
    officer.locator("#id_amount").fill("8000")
    officer.locator("#id_reasons").fill("Insatsen ökar tryggheten på Sicklaön på kvällstid.")
    officer.locator("input[name=payment_route][value=host]").check()
    officer.locator(SAVE).click()
    officer.wait_for_url(re.compile(re.escape(case_url)))
    decision = Decision.objects.get(application=application)
    assert decision.payment_route == Decision.Route.HOST
    assert decision.host == host_org
    assert decision.amount == Decimal("8000")

    batch = pay_the_batch(officer, application)
    payout = Payout.objects.get(batch=batch)
    assert payout.organisation_name == HOST
    assert payout.account_number == host_org.payout_account.number
    assert payout.recipient_name == GROUP
    assert payout.amount == Decimal("8000")
    assert decision.instalments.get().status == "paid"

    # --- The group reads the letter (naming both) and writes the one-screen report -------
    group.goto(url("grants:decision_letter", application.pk))
    expect(group.locator("main")).to_contain_text(HOST)
    expect(group.locator("main")).to_contain_text(GROUP)
    group.goto(url("grants:application", application.pk))
    accessible(group)
    report = FollowUpReport.objects.get(decision=decision)
    group.goto(url("grants:report", application.pk, report.number))
    accessible(group)
    group.locator("#id_outcomes").fill("Vi gick sex kvällar; lugnare i centrum och bra samtal.")
    group.locator("#id_participants").fill("14")
    group.locator("#id_q_photo").set_input_files(
        {"name": "kvallsvandring.png", "mimeType": "image/png", "buffer": PNG}
    )
    group.locator("#id_money_used").fill("8000")
    group.locator("form button[type=submit]").last.click()
    group.wait_for_url(f"**{url('grants:application', application.pk)}")
    report.refresh_from_db()
    assert report.status == FollowUpReport.Status.SUBMITTED
    assert report.participants == {"total": 14}
    assert report.unused_amount == Decimal("0")

    officer.goto(f"/admin/grants/followupreport/{report.pk}/review/")
    officer.locator("button[name=decision][value=accept]").click()
    expect(officer.locator(".messagelist")).to_be_visible()
    report.refresh_from_db()
    assert report.status == FollowUpReport.Status.ACCEPTED


def test_the_municipality_pays_the_groups_suppliers_invoices(
    browser, live_server, demo, accessible
):
    call = Call.objects.get(title=CALL_TITLE)
    group_org = Organisation.objects.get(name=GROUP)
    member = User.objects.get(email=GROUP_MEMBER)
    officer_user = User.objects.get(email=OFFICER)
    application = services.application_start(call=call, organisation=group_org, by=member)
    answers = {"q_insats": "Buss till föräldraträff i Fisksätra.", "q_belopp": "6000"}
    data = MultiValueDict({key: [value] for key, value in answers.items()})
    services.application_submit(application=application, data=data, files={}, by=member)
    application.refresh_from_db()
    decision = services.decision_make(
        application=application, outcome="approved", amount=Decimal("6000"),
        reasons="Trygghetsskapande.", by=officer_user, payment_route="invoices",
    )  # fmt: skip
    assert not decision.instalments.exists()  # the approved invoices are its payments

    # --- The group sends in the bus company's invoice ------------------------------------
    group = portal_session(browser, live_server, GROUP_MEMBER, DEMO_PASSWORD)
    group.goto(url("grants:invoices", application.pk))
    accessible(group)
    group.locator("#invoice_supplier_name").fill("Sickla Buss AB")
    group.locator("#invoice_method").select_option("bankgiro")
    group.locator("#invoice_account_number").fill("5050-1055")
    group.locator("#invoice_invoice_number").fill("F-2026-118")
    group.locator("#invoice_amount").fill("7000")  # more than granted: refused, nothing lost
    group.locator("#invoice_due_on").fill((timezone.localdate() + timedelta(20)).isoformat())
    group.locator("#invoice_description").fill("Buss tur och retur")
    group.locator("#invoice_file").set_input_files(
        {"name": "faktura.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    group.get_by_role("button", name="Skicka fakturan").click()
    expect(group.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    expect(group.locator("#invoice_supplier_name")).to_have_value("Sickla Buss AB")
    assert not SupplierInvoice.objects.exists()
    group.locator("#invoice_amount").fill("4500")
    group.locator("#invoice_file").set_input_files(
        {"name": "faktura.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    group.get_by_role("button", name="Skicka fakturan").click()
    expect(group.locator("main")).to_contain_text("Sickla Buss AB")
    accessible(group)
    invoice = SupplierInvoice.objects.get(decision=decision)
    assert invoice.status == SupplierInvoice.Status.SUBMITTED
    assert invoice.amount == Decimal("4500")

    # --- The officer approves it; the supplier is paid ---------------------------------------
    officer = admin_session(browser, live_server, OFFICER, DEMO_PASSWORD)
    officer.goto(f"/admin/grants/supplierinvoice/{invoice.pk}/review/")
    officer.locator("button[name=decision][value=approve]").click()
    expect(officer.locator(".messagelist")).to_be_visible()
    invoice.refresh_from_db()
    assert invoice.status == SupplierInvoice.Status.APPROVED

    batch = pay_the_batch(officer, application)
    payout = Payout.objects.get(batch=batch)
    assert payout.invoice == invoice
    assert payout.organisation_name == "Sickla Buss AB"
    assert payout.account_number == "5050-1055"
    assert payout.recipient_name == GROUP
    assert payout.amount == Decimal("4500")
    invoice.refresh_from_db()
    assert invoice.status == SupplierInvoice.Status.PAID
    group.goto(url("grants:application", application.pk))
    expect(group.get_by_test_id("invoices-left")).to_contain_text(re.compile(r"1\s500\skr"))
