"""Amounts are written one way per language on every page that shows them: Swedish
"25 000 kr", English "SEK 25,000" (portal.money), in the officers' admin, the applicant's
pages, the decision letter (HTML and PDF, always Swedish) and the decision email. None shows
Django's bare decimals ("25000.00", "25000,00") or an ungrouped "12000 kr"."""

import html
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict

from grants import letters, services
from grants.models import ActivityGrantRule, FollowUpReport, PayoutBatch, Question
from organisations.models import Membership, PayoutAccount
from portal.money import format_amount, format_number
from portal.tasks import outbox_drain
from tests.factories import CallFactory, GrantProgrammeFactory, UserFactory
from tests.grants.conftest import COMPLETE
from tests.grants.helpers import decide, eligible_organisation, submitted
from tests.grants.pdf_tags import TaggedPdf

pytestmark = pytest.mark.django_db

# Django's own renderings of Decimal("25000.00"), floatformat's "25 000 kr" with an ordinary
# space before "kr", and an amount without thousands separator before a currency.
BARE_DECIMAL = re.compile(r"(?<![\w-])\d{4,}[.,]\d{2}(?!\d)")
UNGROUPED = re.compile(r"(?<![\w/.:-])\d{4,}(?:[.,]\d+)?[ \xa0]?(?:kr|SEK)\b")
SPACE_BEFORE_KR = re.compile(r"\d kr\b")  # ordinary space: the line may break inside it


def visible_text(page: str) -> str:
    """What a reader sees: no scripts, styles or tags (input values are not shown text)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s*\n\s*", "\n", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _found(pattern, text: str) -> list[str]:
    """Each match with some text around it, for the failure message."""
    return [text[max(m.start() - 40, 0) : m.end() + 20] for m in re.finditer(pattern, text)]


def assert_one_format(text: str, language: str, amounts) -> None:
    for amount in amounts:
        assert format_amount(amount, language) in text, (format_amount(amount, language), text)
    wrong = [BARE_DECIMAL, UNGROUPED, SPACE_BEFORE_KR]
    if language == "en":
        wrong += [r"\d[ \xa0]?kr\b", r"\d\xa0\d{3}"]  # English: "SEK 25,000", no "25 000"
    else:
        wrong += [r"SEK[ \xa0]\d"]
    for pattern in wrong:
        assert not _found(pattern, text), _found(pattern, text)


@pytest.fixture
def case(world):
    """A partly approved case (25 000 applied for, 20 000 granted) with a budget answer, a
    planned payout and a report due; a second case waiting for its decision."""
    programme = GrantProgrammeFactory(
        committee=world.x.committees.get(), max_amount=Decimal("50000"), report_due_days=60
    )
    call = CallFactory(programme=programme, budget=Decimal("100000"))
    organisation = eligible_organisation(world.x)
    PayoutAccount.objects.create(
        organisation=organisation, method="bankgiro", number="5050-1055",
        account_holder=organisation.name,
    )  # fmt: skip
    applicant = UserFactory()
    Membership.objects.create(user=applicant, organisation=organisation, role="responsible")
    application = submitted(call, amount="25000", organisation=organisation, by=applicant)
    waiting = submitted(call, amount="12000")
    # Added after the submissions, as in an application made before the question was.
    Question.objects.create(programme=programme, key="budget", label="Budget",
                            field_type="budget")  # fmt: skip
    application.answers = {"q_budget_0": "Lokalhyra", "q_budget_1": "25000"}
    application.save(update_fields=["answers"])
    officer = world.users["officer_x"]
    decision = decide(application, officer, amount="20000", outcome="partly_approved")
    batch, _refused = services.payout_batch_create(
        committee=programme.committee, decisions=[decision],
        payment_date=timezone.localdate() + timedelta(days=7), by=officer,
    )  # fmt: skip
    return {"application": application, "applicant": applicant, "officer": officer,
            "batch": batch, "waiting": waiting, "call": call}  # fmt: skip


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_page_with_amounts_writes_them_one_way(client, case, language):
    application, batch, waiting = case["application"], case["batch"], case["waiting"]
    report = FollowUpReport.objects.get(decision__application=application)

    def page(name, *args, amounts):
        with translation.override(language):
            url = reverse(name, args=args)
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'lang="{language}"' in response.content.decode()
        assert_one_format(visible_text(response.content.decode()), language, amounts)

    client.force_login(case["officer"])
    page("admin:grants_application_changelist", amounts=[25000, 12000])
    page("admin:grants_application_change", application.pk,
         amounts=[25000, 20000, 100000, 80000, 0])  # fmt: skip
    page("admin:grants_application_decide", waiting.pk, amounts=[12000, 80000])
    page("admin:grants_payoutbatch_changelist", amounts=[20000])
    page("admin:grants_payoutbatch_change", batch.pk, amounts=[20000])
    page("admin:grants_call_changelist", amounts=[100000, 20000, 80000])

    client.force_login(case["applicant"])
    page("grants:call", case["call"].pk, amounts=[50000])
    page("grants:receipt", application.pk, amounts=[25000])
    page("grants:application", application.pk, amounts=[25000, 20000])
    page("grants:report", application.pk, 1, amounts=[20000])

    # The report leaves 5 000 unused: a repayment claim for the applicant and the officer.
    services.report_submit(report=report, by=case["applicant"], outcomes="Läxhjälp",
                           participants={}, money_used=Decimal("15000"))  # fmt: skip
    services.report_review(report=report, accept=True, by=case["officer"])
    page("grants:application", application.pk, amounts=[25000, 20000, 5000])
    client.force_login(case["officer"])
    page("admin:grants_followupreport_changelist", amounts=[15000, 5000])
    page("admin:grants_followupreport_change", report.pk, amounts=[20000, 15000, 5000])
    page("admin:grants_repaymentclaim_changelist", amounts=[5000])
    page("admin:grants_repaymentclaim_change", report.repayment_claim.pk, amounts=[5000])
    assert PayoutBatch.objects.get().payouts.count() == 1


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_answers_budget_lines_use_the_one_format(client, case, language):
    client.force_login(case["applicant"])
    with translation.override(language):
        url = reverse("grants:application", args=[case["application"].pk])
    text = visible_text(client.get(url).content.decode())
    here = "Applied for here" if language == "en" else "Sökt här"
    assert f"Lokalhyra: {format_amount(25000, language)}" in text
    assert f"{here}: {format_amount(25000, language)}" in text


def test_the_letter_is_swedish_in_html_and_pdf(case):
    application = case["application"]
    with translation.override("en"):  # whatever the reader's language
        letter_html = letters.decision_letter_html(application)
        pdf = TaggedPdf(letters.decision_letter_pdf(application, uncompressed=True))
    assert_one_format(visible_text(letter_html), "sv", [25000, 20000])
    assert_one_format(pdf.text, "sv", [25000, 20000])
    assert f"{format_amount(20000, 'sv')} beviljas." in pdf.text


@pytest.mark.parametrize(("language", "line"), [
    ("sv", "Beviljat belopp: 20\xa0000\xa0kr."),
    ("en", "Amount granted: SEK\xa020,000."),
])  # fmt: skip
def test_the_decision_email_in_the_readers_language(world, language, line):
    call = CallFactory(programme=GrantProgrammeFactory(committee=world.x.committees.get()),
                       budget=Decimal("100000"))  # fmt: skip
    organisation = eligible_organisation(world.x)
    reader = UserFactory(email="kassor@example.se", preferred_language=language)
    Membership.objects.create(user=reader, organisation=organisation, role="responsible")
    application = submitted(call, amount="25000", organisation=organisation, by=reader)
    decide(application, world.users["officer_x"], amount="20000", outcome="partly_approved")
    outbox_drain.apply()
    subject = "Decision on" if language == "en" else "Beslut i"
    [message] = [m for m in mail.outbox if subject in m.subject]
    assert line in message.body
    assert_one_format(message.body, language, [20000])


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_public_list_of_grants_groups_its_figures(client, case, language):
    with translation.override(language):
        url = reverse("grants:granted", args=[case["call"].programme.committee.municipality.slug])
    text = visible_text(client.get(url).content.decode())
    assert format_number(20000, language) in text
    assert not BARE_DECIMAL.findall(text)


@pytest.mark.parametrize(("language", "error"), [
    ("sv", "Högst 50\xa0000\xa0kr kan sökas."),
    ("en", "At most SEK\xa050,000 can be applied for."),
])  # fmt: skip
def test_more_than_the_programme_gives_names_its_maximum_as_an_amount(
    client, applicant, project_call, language, error
):
    """Not Django's "less than or equal to 50000": the applicant reads the limit as every
    other amount is written."""
    client.force_login(applicant.user)
    with translation.override(language):
        start = reverse("grants:start", args=[project_call.pk])
        client.post(start, {"organisation": applicant.organisation.pk})
        application = project_call.applications.get()
        url = reverse("grants:application", args=[application.pk])
    response = client.post(url, {**COMPLETE, "q_belopp": "60000", "action": "submit"})
    text = visible_text(response.content.decode())
    assert error in text
    assert "50000" not in text


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_formula_grants_calculation_groups_its_amounts(client, world, language):
    """The activity grant's calculation (admin case page, letter) groups the amounts under
    its column "Amount (SEK)"; the rules' total and the decision are written as amounts."""
    programme = GrantProgrammeFactory(committee=world.x.committees.get(), max_amount=150000)
    Question.objects.create(programme=programme, key="aktiviteter", label="Sammankomster",
                            field_type="activities")  # fmt: skip
    ActivityGrantRule.objects.create(programme=programme, rate_per_participant=Decimal("12"))
    call = CallFactory(programme=programme, budget=1_000_000)
    organisation = eligible_organisation(world.x)
    user = UserFactory()
    Membership.objects.create(user=user, organisation=organisation, role="responsible")
    application = services.application_start(call=call, organisation=organisation, by=user)
    rows = [["Fotboll", 20, 90, 15, 1], ["Innebandy", 40, 90, 30, 1]]  # 3 600 + 14 400
    cells = {f"q_aktiviteter_{i * 5 + j}": [str(value)]
             for i, values in enumerate(rows) for j, value in enumerate(values)}  # fmt: skip
    data = MultiValueDict(cells)
    services.application_submit(application=application, data=data, files={}, by=user)
    application.refresh_from_db()
    assert application.amount_requested == Decimal("18000")
    officer = world.users["officer_x"]
    client.force_login(officer)
    with translation.override(language):
        decide_url = reverse("admin:grants_application_decide", args=[application.pk])
        case_url = reverse("admin:grants_application_change", args=[application.pk])
    # "The programme's rules give 18 000 kr."
    assert_one_format(visible_text(client.get(decide_url).content.decode()), language, [18000])
    services.decision_make(
        application=application, outcome="partly_approved", amount=Decimal("15000"),
        reasons="Delvis.", by=officer, override_reason="Närvarolistor saknas.",
    )  # fmt: skip
    text = visible_text(client.get(case_url).content.decode())
    assert_one_format(text, language, [18000, 15000])
    assert format_number(14400, language) in text  # a row of the calculation table
    letter = TaggedPdf(letters.decision_letter_pdf(application, uncompressed=True)).text
    assert_one_format(letter, "sv", [18000, 15000])
    assert format_number(14400, "sv") in letter
