"""The follow-up report cycle: a report is due after a grant, the association reports, the
officer asks for changes or accepts, unused money becomes a repayment claim, and a programme
can block new applications until the previous report is accepted."""

import itertools
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from grants import selectors, services, workflow
from grants.models import FollowUpReport, RepaymentClaim
from grants.workflow import APPLICANT, OFFICER, REPORT_TRANSITIONS
from organisations.models import Membership
from portal.models import AuditEvent
from tests.factories import CallFactory, GrantProgrammeFactory, UserFactory
from tests.grants.helpers import decide, submitted

pytestmark = pytest.mark.django_db
R = FollowUpReport.Status
PARTICIPANTS = {"counts": {"7-12|girl": 5}, "total": 5}


@pytest.fixture
def programme(world):
    return GrantProgrammeFactory(
        committee=world.x.committees.get(), report_due_days=90, requires_accepted_report=True
    )


@pytest.fixture
def call(programme):
    return CallFactory(programme=programme, budget=1_000_000)


@pytest.fixture
def report(world, call):
    decision = decide(submitted(call, amount="10000"), world.users["officer_x"], amount="10000")
    return decision.reports.get()


def member_of(organisation):
    user = UserFactory()
    Membership.objects.create(user=user, organisation=organisation, role="responsible")
    return user


def test_report_is_due_after_an_approved_grant_only(world, call, report):
    assert report.status == R.DUE
    assert report.due_on == timezone.localdate() + timedelta(days=90)
    rejected = decide(submitted(call), world.users["officer_x"], outcome="rejected", amount="0")
    assert not FollowUpReport.objects.filter(decision=rejected).exists()
    no_reports = CallFactory(programme=GrantProgrammeFactory(committee=call.programme.committee))
    plain = decide(submitted(no_reports), world.users["officer_x"])
    assert not FollowUpReport.objects.filter(decision=plain).exists()


def test_officer_may_set_another_due_date(world, call):
    due = timezone.localdate() + timedelta(days=30)
    decision = decide(submitted(call), world.users["officer_x"], report_due_on=due)
    assert decision.reports.get().due_on == due


def test_the_whole_cycle_with_a_repayment_claim(client, world, report):
    application = report.decision.application
    member = member_of(application.organisation)
    client.force_login(member)
    page = client.get(reverse("grants:application", args=[application.pk]))
    assert reverse("grants:report", args=[application.pk, 1]) in page.content.decode()
    url = reverse("grants:report", args=[application.pk, 1])
    typed = {"outcomes": "Vi höll 12 träffar.", "participants_0": "5", "money_used": "-5"}
    bad = client.post(url, typed)
    assert bad.status_code == 200
    assert bad.context["form"].errors["money_used"]
    assert "Vi höll 12 träffar." in bad.content.decode()  # nothing typed is lost
    client.post(url, {**typed, "money_used": "8000"})
    report.refresh_from_db()
    assert (report.status, report.money_used, report.unused_amount) == (
        R.SUBMITTED, Decimal("8000"), Decimal("2000"))  # fmt: skip
    assert report.participants["total"] == 5
    assert client.get(url).status_code == 302  # submitted: not editable

    officer = world.users["officer_x"]
    client.force_login(officer)
    review = reverse("admin:grants_followupreport_review", args=[report.pk])
    refused = client.post(review, {"decision": "changes", "comment": ""})
    assert refused.status_code == 200
    client.post(review, {"decision": "changes", "comment": "Bifoga närvarolistor."})
    report.refresh_from_db()
    assert report.status == R.CHANGES_REQUESTED

    client.force_login(member)
    form = client.get(url)
    assert "Bifoga närvarolistor." in form.content.decode()
    assert form.context["form"].initial["outcomes"] == "Vi höll 12 träffar."
    client.post(url, {**typed, "outcomes": "Vi höll 12 träffar, listor bifogade.",
                      "money_used": "9500"})  # fmt: skip
    client.force_login(officer)
    client.post(review, {"decision": "accept", "comment": ""})
    report.refresh_from_db()
    assert report.status == R.ACCEPTED
    claim = report.repayment_claim
    assert (claim.amount, claim.status) == (Decimal("500"), RepaymentClaim.Status.OPEN)
    actions = list(
        AuditEvent.objects.filter(target_id=str(application.pk))
        .filter(action__in=["report.status_changed", "repayment_claim.created"])
        .values_list("action", flat=True)
    )
    assert actions.count("report.status_changed") == 4
    assert "repayment_claim.created" in actions

    settle = reverse("admin:grants_repaymentclaim_settle", args=[claim.pk])
    waive_without_note = client.post(settle, {"status": "waived", "note": ""})
    assert waive_without_note.status_code == 200
    client.post(settle, {"status": "repaid", "note": ""})
    claim.refresh_from_db()
    assert claim.status == RepaymentClaim.Status.REPAID
    with pytest.raises(ValidationError):
        services.repayment_claim_settle(claim=claim, status="waived", by=officer, note="x")


def test_no_claim_when_everything_was_used(world, report):
    applicant = member_of(report.decision.application.organisation)
    services.report_submit(report=report, by=applicant, outcomes="Klart.",
                           participants=PARTICIPANTS, money_used=Decimal("12000"))  # fmt: skip
    report.refresh_from_db()
    assert report.unused_amount == 0
    services.report_review(report=report, accept=True, by=world.users["officer_x"])
    assert not RepaymentClaim.objects.filter(report=report).exists()


@pytest.mark.parametrize(("from_status", "to_status"), list(itertools.permutations(R.values, 2)))
def test_every_report_transition_is_allowed_or_refused(world, report, from_status, to_status):
    FollowUpReport.objects.filter(pk=report.pk).update(
        status=from_status,
        money_used=Decimal(0) if from_status != R.DUE else None,
        unused_amount=Decimal(0) if from_status != R.DUE else None,
    )
    who = REPORT_TRANSITIONS.get((from_status, to_status))
    member = member_of(report.decision.application.organisation)
    officer = world.users["officer_x"]
    if to_status == R.SUBMITTED:
        attempt = lambda: services.report_submit(  # noqa: E731
            report=report, by=member, outcomes="x", participants={}, money_used=Decimal(1)
        )
    elif to_status in (R.ACCEPTED, R.CHANGES_REQUESTED):
        attempt = lambda: services.report_review(  # noqa: E731
            report=report, accept=to_status == R.ACCEPTED, by=officer, comment="Ändra."
        )
    else:  # nothing moves a report back to due: no service does, and the table has no such move
        assert who is None
        return
    if who in (APPLICANT, OFFICER):
        attempt()
        report.refresh_from_db()
        assert report.status == to_status
    else:
        with pytest.raises(ValidationError):
            attempt()
        report.refresh_from_db()
        assert report.status == from_status


def test_only_officers_of_the_municipality_review(world, report):
    applicant = member_of(report.decision.application.organisation)
    services.report_submit(report=report, by=applicant, outcomes="x",
                           participants={}, money_used=Decimal(1))  # fmt: skip
    for user in (world.users["officer_y"], world.users["coordinator_x"], world.users["member"]):
        with pytest.raises(ValidationError):
            services.report_review(report=report, accept=True, by=user)


def test_outstanding_report_blocks_a_new_application_until_accepted(world, call, report):
    organisation = report.decision.application.organisation
    new_call = CallFactory(programme=call.programme, budget=10000)
    reasons = selectors.ineligibility_reasons(new_call, organisation)
    assert any("återrapport" in r.lower() or "report" in r.lower() for r in reasons), reasons
    applicant = member_of(report.decision.application.organisation)
    services.report_submit(report=report, by=applicant, outcomes="x",
                           participants={}, money_used=Decimal(10000))  # fmt: skip
    assert selectors.ineligibility_reasons(new_call, organisation)
    services.report_review(report=report, accept=True, by=world.users["officer_x"])
    assert selectors.ineligibility_reasons(new_call, organisation) == []
    relaxed = CallFactory(programme=GrantProgrammeFactory(committee=call.programme.committee))
    assert selectors.ineligibility_reasons(relaxed, organisation) == []


def test_another_organisation_cannot_open_the_report(client, world, report):
    client.force_login(world.users["member"])
    url = reverse("grants:report", args=[report.decision.application_id, report.number])
    assert client.get(url).status_code == 404


def test_overdue_filter_in_the_admin(client, world, call, report):
    FollowUpReport.objects.filter(pk=report.pk).update(due_on=timezone.localdate() - timedelta(1))
    on_time = decide(submitted(call), world.users["officer_x"]).reports.get()
    client.force_login(world.users["officer_x"])
    url = reverse("admin:grants_followupreport_changelist")
    overdue = client.get(url, {"overdue": "yes"}).context["cl"].queryset
    assert list(overdue) == [report]
    assert list(client.get(url, {"overdue": "no"}).context["cl"].queryset) == [on_time]


@pytest.mark.parametrize(
    "changelist",
    [
        "admin:grants_followupreport_changelist",
        "admin:grants_repaymentclaim_changelist",
        "admin:grants_call_changelist",
        "admin:grants_application_changelist",
    ],
)
def test_officer_lists_query_count_is_constant(client, world, call, changelist):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer = world.users["officer_x"]

    def grant_with_claim():
        report = decide(submitted(call, amount="1000"), officer, amount="1000").reports.get()
        applicant = member_of(report.decision.application.organisation)
        services.report_submit(report=report, by=applicant, outcomes="x", participants={},
                               money_used=Decimal(100))  # fmt: skip
        services.report_review(report=report, accept=True, by=officer)

    grant_with_claim()
    client.force_login(officer)
    url = reverse(changelist)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        grant_with_claim()
        CallFactory(programme=call.programme)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) >= 7  # a row per grant (or call) made
    assert len(many) == len(few)


def test_my_applications_lists_reports_to_write_and_marks_overdue(client, world, report):
    member = member_of(report.decision.application.organisation)
    client.force_login(member)
    page = client.get(reverse("grants:applications"))
    assert list(page.context["reports"]) == [report]
    assert (
        reverse("grants:report", args=[report.decision.application_id, report.number])
        in page.content.decode()
    )
    FollowUpReport.objects.filter(pk=report.pk).update(due_on=timezone.localdate() - timedelta(1))
    assert "försenad" in client.get(reverse("grants:applications")).content.decode()
    services.report_submit(report=report, by=member, outcomes="x", participants={},
                           money_used=Decimal(10000))  # fmt: skip
    services.report_review(report=report, accept=True, by=world.users["officer_x"])
    assert list(client.get(reverse("grants:applications")).context["reports"]) == []


def test_batch_page_shows_its_audit_trail(client, world, call):
    from grants.models import PayoutBatch
    from organisations.models import PayoutAccount

    decision = decide(submitted(call), world.users["officer_x"])
    PayoutAccount.objects.create(
        organisation=decision.application.organisation,
        method="bankgiro",
        number="5050-1055",
        account_holder="X",
    )
    batch, _refused = services.payout_batch_create(
        committee=call.programme.committee, decisions=[decision],
        payment_date=timezone.localdate(), by=world.users["officer_x"],
    )  # fmt: skip
    services.payout_batch_transition(batch=batch, to_status=PayoutBatch.Status.SENT,
                                     by=world.users["officer_x"])  # fmt: skip
    client.force_login(world.users["officer_x"])
    html = client.get(reverse("admin:grants_payoutbatch_change", args=[batch.pk])).content.decode()
    assert "planerade utbetalningsbunten" in html  # the audit trail, as people read it
    assert "ändrade utbetalningsbuntens status från planerad till skickad till ekonomi" in html
    assert re.search(r'class="field-method_name">Bankgiro<', html)  # name, not code
    assert 'name="_save"' not in html


@pytest.mark.parametrize("before", list(RepaymentClaim.Status))
@pytest.mark.parametrize("after", list(RepaymentClaim.Status))
def test_a_claim_moves_only_as_its_table_says(world, report, before, after):
    """Every pair of a repayment claim's statuses: the moves in grants.workflow's table are
    made and audited, every other is refused and changes nothing."""
    claim = RepaymentClaim.objects.create(report=report, amount=Decimal("500"), status=before)
    officer = world.users["officer_x"]
    move = workflow.allowed(before, after, OFFICER, workflow.REPAYMENT_CLAIM_TRANSITIONS)
    if move:
        services.repayment_claim_settle(claim=claim, status=after, by=officer, note="Skäl")
        claim.refresh_from_db()
        assert claim.status == after
        event = AuditEvent.objects.get(action="repayment_claim.settled")
        assert (event.before["status"], event.after["status"]) == (before, after)
    else:
        with pytest.raises(ValidationError):
            services.repayment_claim_settle(claim=claim, status=after, by=officer, note="Skäl")
        claim.refresh_from_db()
        assert claim.status == before
        assert not AuditEvent.objects.filter(action="repayment_claim.settled").exists()
