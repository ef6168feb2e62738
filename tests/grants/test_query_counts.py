"""No N+1 on the grants' list pages: each page is rendered with a few rows, then with many
more of the same kind, and must take the same number of queries.

Already covered elsewhere: the call list (test_calls.py), the open-data JSON
(test_opendata.py), the admin changelists of applications, calls, reports and repayment
claims (test_reports.py), payout batches (test_payouts.py), and the case page's earlier
grants and assessments (test_assessments.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.models import (
    ApplicationEvent,
    ApplicationMessage,
    AssessmentCriterion,
    Attachment,
    FollowUpReport,
    Instalment,
    LateDeduction,
    Question,
    SupplierInvoice,
)
from organisations.models import BoardMember, Document, DocumentKind, PayoutAccount
from portal.models import AuditEvent
from tests.factories import (
    CallFactory,
    DistrictFactory,
    GrantProgrammeFactory,
    MembershipFactory,
    UserFactory,
)
from tests.grants.helpers import decide, eligible_organisation, submitted
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db
TOMORROW = timezone.localdate() + timedelta(days=1)


@pytest.fixture
def programme(world):
    """A programme of municipality X whose grants are followed up by a report."""
    return GrantProgrammeFactory(committee=world.x.committees.get(), report_due_days=90)


def new_call(programme):
    return CallFactory(programme=programme, budget=10**7)


def _grant(programme, officer, organisation=None, amount="1000"):
    """A decided (approved) application; its report is due."""
    application = submitted(new_call(programme), amount=amount, organisation=organisation)
    decide(application, officer, amount=amount)
    return application


def _document(organisation, year, kind=DocumentKind.BUDGET):
    return Document.objects.create(
        organisation=organisation, year=year, kind=kind, file="organisations/x",
        original_name=f"{kind}.pdf", content_type="application/pdf", size=10,
    )  # fmt: skip


def _file_question(programme, n):
    return Question.objects.create(
        programme=programme, key=f"fil{n}", label=f"Bilaga {n}", field_type="file",
        required=False, ordering=n,
    )  # fmt: skip


def _attachment(application, n, **extra):
    return Attachment.objects.create(
        application=application, question_key=f"fil{n}", file=f"applications/{n}",
        original_name=f"bilaga-{n}.pdf", content_type="application/pdf", size=10, **extra,
    )  # fmt: skip


# --- the applicant's pages ------------------------------------------------------------------


def test_applications_query_count_is_constant(client, world, programme):
    """My applications: the applications of all my organisations and the reports to write."""
    officer = world.users["officer_x"]
    first = eligible_organisation(world.x)
    user = MembershipFactory(organisation=first).user
    _grant(programme, officer, first)
    submitted(new_call(programme), organisation=first)
    client.force_login(user)

    def grow():
        second = eligible_organisation(world.x)
        MembershipFactory(user=user, organisation=second)
        for organisation in (first, second):
            for _ in range(5):
                _grant(programme, officer, organisation)
                submitted(new_call(programme), organisation=organisation)

    response = assert_constant_queries(client, reverse("grants:applications"), grow)
    page = response.content.decode()
    applications = list(response.context["applications"])
    assert len(applications) == 22
    assert all(reverse("grants:application", args=[a.pk]) in page for a in applications)
    reports = list(response.context["reports"])
    assert len(reports) == 11
    assert all(
        reverse("grants:report", args=[r.decision.application_id, r.number]) in page
        for r in reports
    )


def test_application_page_query_count_is_constant(client, world, programme):
    """A submitted application's page: answers (file questions with their attachments),
    the timeline and the messages."""
    application = submitted(new_call(programme))
    user = MembershipFactory(organisation=application.organisation).user

    def add(count):
        for _ in range(count):
            n = Question.objects.count()
            _file_question(programme, n)
            _attachment(application, n, uploaded_by=UserFactory())
            ApplicationEvent.objects.create(
                application=application, actor=UserFactory(), from_status="submitted",
                to_status="under_review", message=f"Händelse {n}",
            )  # fmt: skip
            ApplicationMessage.objects.create(
                application=application, author=UserFactory(), body=f"Meddelande {n}"
            )

    add(2)
    client.force_login(user)
    page = assert_constant_queries(
        client, reverse("grants:application", args=[application.pk]), lambda: add(15)
    ).content.decode()
    assert page.count("bilaga-") == 17
    assert page.count("Händelse ") == 17
    assert page.count("Meddelande ") == 17


def test_draft_form_query_count_is_constant(client, world, programme):
    """A draft's form: its questions, the files attached and the registry's documents
    offered for file questions."""
    organisation = eligible_organisation(world.x)
    user = MembershipFactory(organisation=organisation).user
    draft = services.application_start(call=new_call(programme), organisation=organisation, by=user)

    def add(count):
        for _ in range(count):
            n = Question.objects.count()
            _file_question(programme, n)
            _attachment(draft, n)
            _document(organisation, 2000 + n)

    add(1)
    client.force_login(user)
    response = assert_constant_queries(
        client, reverse("grants:application", args=[draft.pk]), lambda: add(10)
    )
    page = response.content.decode()
    assert page.count("Bilaga ") >= 11
    assert page.count("bilaga-") >= 11
    assert page.count("Budget 20") >= 11 * 11  # every document offered to every file question


def test_call_page_query_count_is_constant(client, world, programme):
    """A call's page tells, for each of the user's organisations, whether it may apply."""
    programme.required_documents = [DocumentKind.STADGAR]
    programme.requires_accepted_report = True
    programme.save()
    programme.districts.add(DistrictFactory(municipality=world.x))
    call = new_call(programme)
    user = UserFactory()

    def add(count):
        for _ in range(count):
            organisation = eligible_organisation(world.x)
            MembershipFactory(user=user, organisation=organisation)
            _document(organisation, 2026, DocumentKind.STADGAR)

    add(1)
    client.force_login(user)
    response = assert_constant_queries(
        client, reverse("grants:call", args=[call.pk]), lambda: add(10)
    )
    assert len(response.context["organisations"]) == 11
    page = response.content.decode()
    assert all(
        org.name in page for org, _reasons, _application in response.context["organisations"]
    )


def test_granted_page_query_count_is_constant(client, world, programme):
    """The public page of decided grants (the JSON is covered in test_opendata.py)."""
    officer = world.users["officer_x"]
    _grant(programme, officer)

    url = reverse("grants:granted", args=[world.x.slug])

    def grow():
        for _ in range(15):
            _grant(programme, officer).focus_areas.add(world.x.focusareas.get())
        client.get(url)  # the new version's count and page (test_opendata_files.py)

    page = assert_constant_queries(client, url, grow).content.decode()
    assert page.count("<td>Trygghet</td>") == 15


def test_granted_csv_query_count_is_constant(client, world, programme):
    officer = world.users["officer_x"]
    _grant(programme, officer)
    url = reverse("grants:granted_csv", args=[world.x.slug])

    def grow():
        for _ in range(15):
            _grant(programme, officer)
        client.get(url)  # the new version's file is built (test_opendata_files.py)

    response = assert_constant_queries(client, url, grow)
    assert len(response.getvalue().decode().strip().splitlines()) == 1 + 16


# --- the admin ----------------------------------------------------------------------------


def test_programme_changelist_query_count_is_constant(client, world):
    committee = world.x.committees.get()
    GrantProgrammeFactory.create_batch(2, committee=committee, name="Radprogram")
    client.force_login(world.users["admin_x"])
    response = assert_constant_queries(
        client,
        reverse("admin:grants_grantprogramme_changelist"),
        lambda: GrantProgrammeFactory.create_batch(20, committee=committee, name="Radprogram"),
    )
    assert len(response.context["cl"].result_list) == 22
    assert response.content.decode().count("Radprogram") >= 22


def test_programme_change_page_query_count_is_constant(client, world, programme):
    """The programme's form: questions, criteria and late deductions as inline rows."""

    def add(count):
        for _ in range(count):
            n = Question.objects.count()
            Question.objects.create(
                programme=programme, key=f"fraga{n}", label=f"Fråga {n}", field_type="text",
                ordering=n,
            )  # fmt: skip
            AssessmentCriterion.objects.create(
                programme=programme, name=f"Kriterium {n}", ordering=n
            )
            LateDeduction.objects.create(programme=programme, days_late=n + 1, percent=10)

    add(2)
    client.force_login(world.users["admin_x"])
    response = assert_constant_queries(
        client,
        reverse("admin:grants_grantprogramme_change", args=[programme.pk]),
        lambda: add(15),
    )
    inlines = {}  # the questions come in two inlines: the application's and the report's
    for formset in response.context["inline_admin_formsets"]:
        name = formset.formset.model.__name__
        inlines[name] = inlines.get(name, 0) + len(formset.formset.forms)
    assert inlines["Question"] == inlines["AssessmentCriterion"] == inlines["LateDeduction"] == 17


def test_payout_batch_change_page_query_count_is_constant(client, world, programme):
    """A batch's page lists its payouts and its audit trail."""
    officer = world.users["officer_x"]

    def granted_with_account():
        application = _grant(programme, officer)
        PayoutAccount.objects.create(
            organisation=application.organisation, method="bankgiro", number="5050-1055",
            account_holder=application.organisation.name,
        )  # fmt: skip
        return application.decision

    batch, _refused = services.payout_batch_create(
        committee=programme.committee,
        decisions=[granted_with_account() for _ in range(2)],
        payment_date=TOMORROW,
        by=officer,
    )

    def grow():
        # Payouts are added to an existing batch only by planning it: the same rows here.
        for decision in [granted_with_account() for _ in range(15)]:
            application = decision.application
            batch.payouts.create(
                decision=decision, instalment=decision.instalments.get(), amount=decision.amount,
                reference=application.diarienummer,
                organisation_name=application.organisation.name,
                organisation_number=application.organisation.organisation_number,
                method="bankgiro", account_number="5050-1055",
                account_holder=application.organisation.name,
            )  # fmt: skip
            AuditEvent.objects.create(
                actor=UserFactory(), municipality=world.x, action="payoutbatch.noted",
                target_type="grants.payoutbatch", target_id=str(batch.pk), target_repr="x",
            )  # fmt: skip

    client.force_login(officer)
    response = assert_constant_queries(
        client, reverse("admin:grants_payoutbatch_change", args=[batch.pk]), grow
    )
    assert len(response.context["payout_rows"]) == 17  # a page of the batch's payouts
    assert response.content.decode().count("registrerade en händelse för ”x”") == 15  # audit


@pytest.fixture
def case(world, programme):
    """A submitted case in municipality X with one assessment criterion."""
    AssessmentCriterion.objects.create(programme=programme, name="Syfte", ordering=0)
    return submitted(new_call(programme))


@pytest.mark.parametrize("user", ["officer_x", "superuser"])
def test_case_page_query_count_is_constant(client, world, case, user):
    """The officer's case page: the organisation's board and documents, the attachments,
    the messages and the audit trail (earlier grants and assessments: test_assessments.py;
    the timeline: the next test)."""
    organisation = case.organisation

    def add(count):
        for _ in range(count):
            n = BoardMember.objects.count()
            BoardMember.objects.create(
                organisation=organisation, year=2026, role="member", full_name=f"Ledamot {n}"
            )
            _document(organisation, 2000 + n)
            _file_question(case.call.programme, n)
            _attachment(case, n)
            ApplicationMessage.objects.create(
                application=case, author=UserFactory(), body=f"Meddelande {n}"
            )
            AuditEvent.objects.create(
                actor=UserFactory(), municipality=world.x, action="application.noted",
                target_type="grants.application", target_id=str(case.pk), target_repr="x",
            )  # fmt: skip

    add(2)
    client.force_login(world.users[user])
    page = assert_constant_queries(
        client, reverse("admin:grants_application_change", args=[case.pk]), lambda: add(15)
    ).content.decode()
    assert page.count("Ledamot ") == 17
    assert page.count("bilaga-") == 2 * 17  # each file under its question and in the list
    assert "<li>bilaga-3.pdf (Bilaga 3)</li>" in page  # the question's label, not its key
    assert "(fil3)" not in page
    assert page.count("Meddelande ") == 17
    assert page.count("registrerade en händelse för ”x”") == 17  # the audit trail, read
    for document in organisation.documents.all():
        assert reverse("organisations:document", args=[organisation.pk, document.pk]) in page


def test_case_page_timeline_query_count_is_constant(client, world, case):
    """The officer sees the case's timeline, each event with its actor."""

    def add(count):
        for n in range(count):
            ApplicationEvent.objects.create(
                application=case, actor=UserFactory(), from_status="submitted",
                to_status="under_review", message=f"Händelse {n}",
            )  # fmt: skip

    add(2)
    client.force_login(world.users["officer_x"])
    response = assert_constant_queries(
        client, reverse("admin:grants_application_change", args=[case.pk]), lambda: add(15)
    )
    inlines = {
        formset.formset.model.__name__: len(formset.formset.forms)
        for formset in response.context["inline_admin_formsets"]
    }
    assert inlines["ApplicationEvent"] == 18  # with the submission's own event
    assert response.content.decode().count("Händelse ") == 17


@pytest.mark.parametrize("page", ["applicant", "officer"])
def test_decided_pages_with_plans_reports_and_invoices_query_count_is_constant(
    client, world, programme, page
):
    """A decided grant's page (the association's, and the officer's case page) lists the
    payment plan, every report with what it releases, and the suppliers' invoices: more
    instalments, reports and invoices must not mean more queries."""
    officer = world.users["officer_x"]
    application = submitted(new_call(programme), amount="100000")
    organisation = application.organisation
    member = MembershipFactory(organisation=organisation).user
    plan, reports = services.multi_year_terms(amounts_by_year={2027: 60000, 2028: 40000})
    decision = decide(application, officer, amount="100000", plan=plan, reports=reports)
    invoiced = decide(
        submitted(new_call(programme), amount="9000", organisation=organisation),
        officer, amount="9000", payment_route="invoices",
    )  # fmt: skip

    def more_reports_and_instalments():
        for n in range(3, 11):
            report = FollowUpReport.objects.create(
                decision=decision, number=n, kind="interim", due_on=TOMORROW
            )
            Instalment.objects.create(decision=decision, number=n, amount=1, release_report=report)

    def more_invoices():
        for n in range(8):
            SupplierInvoice.objects.create(
                decision=invoiced, supplier_name=f"Leverantör {n}", method="bankgiro",
                account_number="5050-1055", invoice_number=f"F-{n}", amount=10,
                due_on=TOMORROW, description="Buss", file="invoices/x.pdf", original_name="x.pdf",
                submitted_by=member,
            )  # fmt: skip

    if page == "applicant":
        client.force_login(member)
        name = "grants:application"
    else:
        client.force_login(officer)
        name = "admin:grants_application_change"
    planned = assert_constant_queries(
        client, reverse(name, args=[application.pk]), more_reports_and_instalments
    ).content.decode()
    assert planned.count("Delrapport") >= 8
    invoices = assert_constant_queries(
        client, reverse(name, args=[invoiced.application.pk]), more_invoices
    ).content.decode()
    assert invoices.count("Leverantör ") == 8
