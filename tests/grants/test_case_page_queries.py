"""The officers' case page (the admin's page of one application) runs a fixed number of
statements however much the case holds: the case is read once with its relations, and the
sections share what they read (the programme's questions, the attachments, the decision's
instalments and reports) instead of each reading the case again. And it still shows all of
it: the decision, the plan, the reports, the assessments, the attachments, the messages, the
earlier grants, the call's money, the timeline and the audit trail."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from grants import selectors, services
from grants.models import (
    ApplicationEvent,
    ApplicationMessage,
    Assessment,
    AssessmentCriterion,
    Attachment,
    FollowUpReport,
    Instalment,
    Question,
    Score,
    SupplierInvoice,
)
from organisations.models import BoardMember, Document, DocumentKind, PayoutAccount
from portal.models import AuditEvent
from portal.money import format_amount
from tests.factories import CallFactory, GrantProgrammeFactory, UserFactory
from tests.grants.helpers import decide, submitted
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db
TOMORROW = timezone.localdate() + timedelta(days=1)

# officer_x (an officer of one committee) opening a decided case with a plan and reports:
# - the request: the session, the user, the second factor, "may use the admin" (a role
#   check), the person's role assignments (5);
# - the case: the calls of the officer's committee (the scope, grants.selectors.queue), the
#   case read with its call, programme, formula rule, organisation, payout account,
#   decision, host agreement and the people it names (grants.selectors.CASE_PAGE_RELATIONS)
#   (2);
# - Django's form of the case (the registry committee and the focus areas are fields): the
#   person's user and group permissions (the related widgets' "add" links), the
#   municipalities of the person's committees (the choices), the case's focus areas, the
#   committee and focus-area choices (6);
# - the inlines: the decision (with who decided), the timeline (2);
# - the admin's menu: "may use the admin" again (portal.admin.site), the committees of the
#   collaborations menu (2);
# - the sections: the criteria, the assessments and their scores (3); the organisation's
#   eligibility, board and documents (3); the programme's questions and the case's
#   attachments, read once for the answers, the attachment list and the reports (2); the
#   decision's instalments (read once for the plan and the reports' money), its reports and
#   what each releases (3); the earlier grants and their reports (2); the messages, the
#   audit trail and the names of the criteria its assessments scored (3);
# - the answers' form (it has a file question, grants.form_builder): the organisation's
#   registry documents, the keys of the case's attachments (2).
# The call's money is read from the figures kept on the call (no statement); the host
# agreement with the case; suppliers' invoices only for a grant paid by invoices.
CASE_PAGE_QUERIES = 35


@pytest.fixture
def programme(world):
    programme = GrantProgrammeFactory(committee=world.x.committees.get(), report_due_days=90)
    AssessmentCriterion.objects.create(programme=programme, name="Syfte", ordering=0)
    return programme


def _call(programme):
    return CallFactory(programme=programme, budget=10**7)


@pytest.fixture
def case(world, programme):
    """A case of an organisation with an earlier grant: assessed, decided over two years
    (two instalments, a yearly and a final report), with a file answered, a message, a board
    member, a registry document and a payout account."""
    officer = world.users["officer_x"]
    earlier = submitted(_call(programme), amount="1000")
    organisation = earlier.organisation
    decide(earlier, officer, amount="1000")
    application = submitted(_call(programme), amount="100000", organisation=organisation)
    services.assessment_save(
        application=application, by=officer, recommendation="approve",
        scores={programme.criteria.get().pk: 4}, notes="Bedömd av handläggaren.",
    )  # fmt: skip
    plan, reports = services.multi_year_terms(amounts_by_year={2027: 60000, 2028: 40000})
    decide(application, officer, amount="100000", plan=plan, reports=reports)
    PayoutAccount.objects.create(
        organisation=organisation, method="bankgiro", number="5050-1055",
        account_holder=organisation.name,
    )  # fmt: skip
    _grow_case(application, 0, 1)
    application.refresh_from_db()
    return application


def _grow_case(application, start, count):
    """``count`` more of what the page lists: assessments (with scores), attachments (each
    answering its own file question), messages, timeline events, audit rows, board members,
    registry documents, instalments, yearly reports (each with money to account for), and
    earlier grants."""
    decision = application.decision
    programme = application.call.programme
    organisation = application.organisation
    criterion = programme.criteria.get()
    for n in range(start, start + count):
        assessment = Assessment.objects.create(
            application=application, assessor=UserFactory(), recommendation="partly",
            notes=f"Bedömning {n}",
        )  # fmt: skip
        Score.objects.create(assessment=assessment, criterion=criterion, value=n % 5)
        Question.objects.create(
            programme=programme, key=f"fil{n}", label=f"Bilaga {n}", field_type="file",
            required=False, ordering=10 + n,
        )  # fmt: skip
        Attachment.objects.create(
            application=application, question_key=f"fil{n}", file=f"applications/{n}",
            original_name=f"bilaga-{n}.pdf", content_type="application/pdf", size=10,
        )  # fmt: skip
        ApplicationMessage.objects.create(
            application=application, author=UserFactory(), body=f"Meddelande {n}"
        )
        ApplicationEvent.objects.create(
            application=application, actor=UserFactory(), from_status="decided",
            to_status="decided", message=f"Händelse {n}",
        )  # fmt: skip
        AuditEvent.objects.create(
            actor=UserFactory(), municipality=application.municipality,
            action="application.noted", target_type="grants.application",
            target_id=str(application.pk), target_repr="x",
        )  # fmt: skip
        BoardMember.objects.create(
            organisation=organisation, year=2026, role="member", full_name=f"Ledamot {n}"
        )
        Document.objects.create(
            organisation=organisation, year=2000 + n, kind=DocumentKind.BUDGET,
            file="organisations/x", original_name="budget.pdf", content_type="application/pdf",
            size=10,
        )  # fmt: skip
        number = 10 + n
        report = FollowUpReport.objects.create(
            decision=decision, number=number, kind="yearly", year=2030 + n, due_on=TOMORROW
        )
        Instalment.objects.create(
            decision=decision, number=number, amount=100, year=2030 + n,
            due_on=date(2030 + n, 1, 1), release_report=report,
        )  # fmt: skip
        earlier = submitted(_call(programme), amount="500", organisation=organisation)
        decide(earlier, UserFactory(is_superuser=True), amount="500")


def _url(application):
    return reverse("admin:grants_application_change", args=[application.pk])


def test_the_case_page_runs_a_fixed_number_of_statements(client, world, case):
    client.force_login(world.users["officer_x"])
    assert client.get(_url(case)).status_code == 200  # warm-up: the session, content types
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url(case)).status_code == 200
    assert len(queries) == CASE_PAGE_QUERIES, "\n".join(
        q["sql"][:100] for q in queries.captured_queries
    )


@pytest.mark.parametrize("user", ["officer_x", "admin_x", "superuser"])
def test_the_case_page_reads_no_more_when_the_case_holds_more(client, world, case, user):
    client.force_login(world.users[user])
    page = assert_constant_queries(
        client, _url(case), lambda: _grow_case(case, 1, 6)
    ).content.decode()
    assert page.count("Bedömning ") == 7
    assert page.count("Meddelande ") == 7
    assert page.count("Händelse ") == 7
    assert page.count("Ledamot ") == 7
    for n in range(7):
        assert f"<li>bilaga-{n}.pdf (Bilaga {n})</li>" in page  # its question's label


def test_the_case_page_shows_what_it_holds(client, world, case):
    """Everything the sections show, read once: the decision (with the letter's links), the
    plan and each report with what it releases and its money, the assessment, the files, the
    messages, the earlier grant, the registry's facts and the call's money as the rows sum
    it."""
    client.force_login(world.users["officer_x"])
    response = client.get(_url(case))
    page = response.content.decode()
    context = response.context
    decision = case.decision

    with translation.override("sv"):
        assert f"{case.diarienummer}: {decision.get_outcome_display()}" in page  # the inline
    assert reverse("admin:grants_application_letter", args=[case.pk]) in page
    assert context["decision_exists"] is True

    plan = context["plan"]
    assert [row.number for row in plan.rows] == [1, 2, 10]
    assert plan.to_come == Decimal(100100)
    assert format_amount(Decimal(60000)) in page
    readings = context["follow_up"].readings
    assert [r.report.kind for r in readings] == ["yearly", "final", "yearly"]
    assert readings[0].basis == Decimal(60000)  # the money of its year's instalment
    assert readings[0].releases  # accepting it releases the second year's instalment
    for reading in readings:
        assert reverse("admin:grants_followupreport_change", args=[reading.report.pk]) in page

    assert "Bedömd av handläggaren." in page
    assert "<li>bilaga-0.pdf (Bilaga 0)</li>" in page
    assert "Meddelande 0" in page
    assert "Händelse 0" in page
    assert "5050-1055" in page  # the payout account
    assert case.organisation.organisation_number in page
    earlier = list(context["earlier"])
    assert len(earlier) == 2
    for other in earlier:
        assert reverse("admin:grants_application_change", args=[other.pk]) in page

    live = selectors.call_money(case.call)  # summed from the rows
    assert context["money"] == live
    assert live.committed == Decimal(100000)
    for amount in (live.budget, live.committed, live.paid, live.left):
        assert format_amount(amount) in page


def test_a_grant_paid_by_invoices_lists_its_invoices(client, world, programme):
    """The host and invoices section reads the invoices of a grant paid by invoices only."""
    application = submitted(_call(programme), amount="9000")
    decision = decide(
        application, world.users["officer_x"], amount="9000", payment_route="invoices"
    )
    SupplierInvoice.objects.create(
        decision=decision, supplier_name="Bussbolaget", method="bankgiro",
        account_number="5050-1055", invoice_number="F-1", amount=10, due_on=TOMORROW,
        description="Buss", file="invoices/x.pdf", original_name="x.pdf",
        submitted_by=UserFactory(),
    )  # fmt: skip
    client.force_login(world.users["officer_x"])
    response = client.get(_url(application))
    page = response.content.decode()
    assert 'id="host-invoices-heading"' in page
    assert "Bussbolaget" in page
    assert [i.supplier_name for i in response.context["host_invoices"].invoices] == ["Bussbolaget"]


def test_another_municipalitys_officer_does_not_find_the_case(client, world, case):
    client.force_login(world.users["officer_y"])
    assert client.get(_url(case)).status_code == 404
