"""An officer takes a submitted projektbidrag application from the queue, asks for
completion, the applicant completes it, the officer scores, decides, reads and downloads the
decision letter, plans a payout batch, exports the payment file and marks the batch sent and
paid; the applicant then sees the decision. Every applicant page passes axe (WCAG 2.1 AA).

Swedish translations of the newest officer strings are still being written, so admin
elements are located by URL, ids and name/value attributes rather than by visible text.
"""

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict
from playwright.sync_api import expect

from devtools.demo_data import DEMO_PASSWORD
from grants import services
from grants.form_builder import COST_ROWS
from grants.models import (
    Application,
    Assessment,
    Call,
    Decision,
    FollowUpReport,
    Payout,
    PayoutBatch,
)
from organisations.models import Organisation
from portal.models import User
from tests.browser.conftest import admin_session, portal_session

pytestmark = pytest.mark.browser

APPLICANT = "forening@example.se"
OFFICER = "handlaggare.nacka@example.se"
CALL_TITLE = "Projektbidrag för inkludering, hösten"
COMPLETION_MESSAGE = "Sänk det sökta beloppet till 25 000 kr, budgetposten för material ingår inte."
SAVE = "#content input[type=submit].default"  # the admin action forms' submit button


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def submitted_application() -> Application:
    """Fisksätra IF's complete projektbidrag application, submitted through the services."""
    call = Call.objects.get(title=CALL_TITLE)
    organisation = Organisation.objects.get(name="Fisksätra IF")
    member = User.objects.get(email=APPLICANT)
    application = services.application_start(call=call, organisation=organisation, by=member)
    start = (timezone.localdate() + timedelta(days=60)).isoformat()
    answers = {
        "q_syfte": "Fler tjejer i Fisksätra ska börja spela fotboll.",
        "q_mal": "30 nya deltagare till våren; vi räknar närvaron varje vecka.",
        "q_plan": "Träning varje lördag från januari, avslutning med cup i juni.",
        "q_start": start,
        "q_budget_0": "Tränararvoden",
        "q_budget_1": "30000",
        "q_budget_2": "Bollar och västar",
        "q_budget_3": "5000",
        f"q_budget_{2 * COST_ROWS}": "5000",  # own funding
        "q_deltagare_3": "20",  # girls 7–12
        "q_deltagare_6": "10",  # girls 13–20
        "q_belopp": "30000",
    }
    data = MultiValueDict({key: [value] for key, value in answers.items()})
    form = services.application_submit(application=application, data=data, files={}, by=member)
    assert form is not None
    assert not form.errors, form.errors
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.amount_requested == Decimal("30000")
    return application


def applicant_url(name, pk) -> str:
    with translation.override("sv"):
        return reverse(f"grants:{name}", args=[pk])


def officer_login(browser, live_server):
    return admin_session(browser, live_server, OFFICER, DEMO_PASSWORD)


def applicant_login(browser, live_server):
    return portal_session(browser, live_server, APPLICANT, DEMO_PASSWORD)


def open_case_list(page, diarienummer):
    """The queue, searched for the case's diarienummer: exactly one row."""
    page.goto("/admin/grants/application/")
    page.locator("#searchbar").fill(diarienummer)
    page.locator("#searchbar").press("Enter")
    page.wait_for_url(re.compile(r"/admin/grants/application/\?q="))
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(diarienummer)


def run_action(page, application, action):
    """Select the case in the (searched) list and run an admin action on it."""
    open_case_list(page, application.diarienummer)
    page.locator(f'#result_list input[name=_selected_action][value="{application.pk}"]').check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index]").click()


def download(page, link):
    with page.expect_download() as info:
        link.click()
    return Path(info.value.path()).read_bytes()


def test_officer_handles_a_case_from_queue_to_payout(browser, live_server, demo, accessible):
    application = submitted_application()
    number = application.diarienummer
    officer_user = User.objects.get(email=OFFICER)
    case_url = f"/admin/grants/application/{application.pk}/change/"

    # --- The officer finds the case in the queue and asks for completion ----------------
    officer = officer_login(browser, live_server)
    open_case_list(officer, number)
    officer.locator("#result_list tbody tr").first.get_by_role("link", name=number).click()
    officer.wait_for_url(re.compile(re.escape(case_url)))
    expect(officer.locator("#content")).to_contain_text("Fisksätra IF")
    officer.locator('a[href$="/request-completion/"]').click()
    officer.wait_for_url("**/request-completion/")
    officer.locator("#id_message").fill(COMPLETION_MESSAGE)
    officer.locator(SAVE).click()
    officer.wait_for_url(re.compile(re.escape(case_url)))
    expect(officer.locator(".messagelist")).to_be_visible()
    expect(officer.locator("#thread-heading + ul")).to_contain_text(COMPLETION_MESSAGE)
    application.refresh_from_db()
    assert application.status == Application.Status.COMPLETION_REQUESTED
    message = application.messages.get()
    assert message.from_municipality
    assert message.author == officer_user

    # --- The applicant sees the request, changes the amount and submits again ------------
    applicant = applicant_login(browser, live_server)
    applicant.goto(applicant_url("application", application.pk))
    request = applicant.locator(".alert-warning")
    expect(request).to_contain_text(COMPLETION_MESSAGE)
    expect(applicant.locator("#id_q_belopp")).to_have_value("30000")
    accessible(applicant)
    applicant.locator("#id_q_belopp").fill("25000")
    applicant.locator("button[name=action][value=submit]").click()
    applicant.wait_for_url(f"**{applicant_url('receipt', application.pk)}")
    expect(applicant.get_by_test_id("diarienummer")).to_have_text(number)
    expect(applicant.locator("main")).to_contain_text(re.compile(r"25\s000\skr"))
    accessible(applicant)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.diarienummer == number  # completing keeps the registration number
    assert application.amount_requested == Decimal("25000")
    assert application.answers["q_belopp"] == "25000"

    # --- The officer takes it under review and assesses it ------------------------------
    run_action(officer, application, "take_under_review")
    expect(officer.locator(".messagelist .success")).to_be_visible()
    application.refresh_from_db()
    assert application.status == Application.Status.UNDER_REVIEW

    officer.goto(case_url)
    officer.locator('a[href$="/assess/"]').click()
    officer.wait_for_url("**/assess/")
    criteria = list(application.call.programme.criteria.order_by("pk"))
    assert len(criteria) == 3
    for criterion, score in zip(criteria, ["4", "3", "na"], strict=True):
        officer.locator(f"select[name=criterion_{criterion.pk}]").select_option(score)
    officer.locator("select[name=recommendation]").select_option("approve")
    officer.locator("input[name=recommended_amount]").fill("20000")
    officer.locator("textarea[name=notes]").fill("Bra projekt, men materialkostnaden är hög.")
    officer.locator(SAVE).click()
    officer.wait_for_url(re.compile(re.escape(case_url)))
    assessment = Assessment.objects.get(application=application, assessor=officer_user)
    assert assessment.recommendation == Assessment.Recommendation.APPROVE
    assert assessment.recommended_amount == Decimal("20000")
    scores = {s.criterion_id: s.value for s in assessment.scores.all()}
    assert scores == {criteria[0].pk: 4, criteria[1].pk: 3, criteria[2].pk: None}

    averages = officer.locator("#assess-heading ~ table tbody tr")
    expect(averages).to_have_count(3)
    expect(averages.nth(0)).to_contain_text(criteria[0].name)
    expect(averages.nth(0).locator("td").first).to_have_text(re.compile(r"^4[,.]0$"))
    expect(averages.nth(1).locator("td").first).to_have_text(re.compile(r"^3[,.]0$"))
    expect(averages.nth(2).locator("td").first).to_have_text("–")  # only N/A: no average
    expect(averages.nth(2).locator("td").last).to_have_text("1")  # one not applicable

    # --- The officer decides -------------------------------------------------------------
    officer.locator('a[href$="/decide/"]').click()
    officer.wait_for_url("**/decide/")
    officer.locator("#id_outcome").select_option("approved")
    officer.locator("#id_amount").fill("20000")
    officer.locator("#id_reasons").fill("Projektet når nya deltagare; materialet ingår inte.")
    officer.locator("#id_conditions").fill("Redovisa projektet senast 90 dagar efter beslutet.")
    officer.locator("#id_decided_by_kind").select_option("delegated_officer")
    officer.locator(SAVE).click()
    officer.wait_for_url(re.compile(re.escape(case_url)))
    decision = Decision.objects.get(application=application)
    assert decision.outcome == Decision.Outcome.APPROVED
    assert decision.amount == Decimal("20000")
    assert decision.decided_by == officer_user
    application.refresh_from_db()
    assert application.status == Application.Status.DECIDED
    report = FollowUpReport.objects.get(decision=decision)
    assert report.due_on == timezone.localdate(decision.decided_at) + timedelta(days=90)

    # The decision letter, as HTML and as a PDF download.
    officer.locator('a[href$="/decision-letter/"]').click()
    officer.wait_for_url("**/decision-letter/")
    expect(officer.locator("h1")).to_be_visible()
    expect(officer.locator("main")).to_contain_text(number)
    expect(officer.locator("main")).to_contain_text(re.compile(r"20\s000\skr"))
    officer.goto(case_url)
    pdf = download(officer, officer.locator('a[href*="/decision-letter.pdf"]'))
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 5_000

    # --- The officer plans a payout batch, exports it and follows it to paid ------------
    run_action(officer, application, "plan_payouts")  # an intermediate page asks the date
    expect(officer.locator("#content")).to_contain_text(number)  # the selection rides along
    payment_date = timezone.localdate() + timedelta(days=7)
    officer.locator("#id_payment_date").fill(payment_date.isoformat())
    officer.locator("#id_note").fill("Projektbidrag hösten")
    officer.locator(SAVE).click()
    batch_link = officer.locator('.messagelist a[href*="/admin/grants/payoutbatch/"]')
    expect(batch_link).to_be_visible()
    batch = PayoutBatch.objects.get(payouts__decision=decision)
    assert batch.status == PayoutBatch.Status.PLANNED
    assert batch.payment_date == payment_date
    payout = Payout.objects.get(batch=batch)
    assert payout.decision == decision
    assert payout.amount == Decimal("20000")
    bankgiro = application.organisation.payout_account.number
    assert payout.account_number == bankgiro

    batch_link.click()
    officer.wait_for_url(f"**/admin/grants/payoutbatch/{batch.pk}/change/")
    expect(officer.locator("#content")).to_contain_text(number)
    payment_file = download(officer, officer.locator('a[href$="/payment-file.csv"]'))
    text = payment_file.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 2  # the header and our payout
    assert number in rows[1]
    assert "20000.00" in rows[1]
    assert bankgiro in rows[1]
    assert payment_date.isoformat() in rows[1]

    officer.locator("button[name=status][value=sent]").click()
    expect(officer.locator("button[name=status][value=paid]")).to_be_visible()
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.SENT
    assert batch.sent_at is not None
    officer.locator("button[name=status][value=paid]").click()
    expect(officer.locator("button[name=status]")).to_have_count(0)  # nothing left to do
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.PAID
    assert batch.paid_at is not None
    officer.context.close()

    # --- The applicant sees the decision and reads the letter ----------------------------
    applicant.goto(applicant_url("application", application.pk))
    decision_section = applicant.locator("section[aria-labelledby=decision-heading]")
    expect(decision_section).to_contain_text(re.compile(r"20\s000\skr"))
    expect(decision_section).to_contain_text("Projektet når nya deltagare")
    expect(applicant.get_by_test_id("diarienummer")).to_have_text(number)
    accessible(applicant)
    pdf_url = applicant_url("decision_letter_pdf", application.pk)
    pdf = download(applicant, decision_section.locator(f'a[href="{pdf_url}"]'))
    assert pdf.startswith(b"%PDF-")
    letter_url = applicant_url("decision_letter", application.pk)
    decision_section.locator(f'a[href="{letter_url}"]').click()
    applicant.wait_for_url(f"**{letter_url}")
    expect(applicant.locator("main")).to_contain_text(number)
    expect(applicant.locator("main")).to_contain_text(re.compile(r"20\s000\skr"))
    accessible(applicant)
    applicant.context.close()
