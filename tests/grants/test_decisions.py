"""The officer's side: assignment, the workflow's allowed and refused moves, decisions
under the call's budget (also concurrently), and the case queue in the admin."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.formats import date_format

from grants import selectors, services
from grants.models import Application, Decision
from grants.workflow import TRANSITIONS
from portal.models import AuditEvent
from tests.factories import CallFactory, GrantProgrammeFactory, MembershipFactory, UserFactory
from tests.grants.helpers import decide, eligible_organisation, submitted

pytestmark = pytest.mark.django_db
S = Application.Status


@pytest.fixture
def call(world):
    return CallFactory(
        programme=GrantProgrammeFactory(committee=world.x.committees.get()), budget=100000
    )


def test_officer_decides_and_case_is_closed_and_audited(world, call):
    application = submitted(call)
    decision = decide(application, world.users["officer_x"])
    application.refresh_from_db()
    assert application.status == S.DECIDED
    assert decision.amount == Decimal("40000")
    assert AuditEvent.objects.filter(action="decision.made", target_id=str(application.pk)).exists()
    with pytest.raises(ValidationError, match="redan beslutats"):
        decide(application, world.users["officer_x"])


def test_budget_is_never_exceeded(world, call):
    first, second, third = (submitted(call) for _ in range(3))
    officer = world.users["officer_x"]
    decide(first, officer)
    decide(second, officer)
    with pytest.raises(ValidationError) as error:
        decide(third, officer)
    assert "20\xa0000\xa0kr" in " ".join(error.value.messages)  # portal.money's amount
    third.refresh_from_db()
    assert third.status == S.SUBMITTED
    decide(third, officer, amount="20000", outcome="partly_approved")
    assert selectors.committed_amount(call) == Decimal("100000")


@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_keep_the_budget(world, call):
    applications = [submitted(call) for _ in range(4)]  # 4 × 40 000 against 100 000
    officer, results = world.users["officer_x"], []
    barrier = threading.Barrier(len(applications))

    def officer_decides(application):
        try:
            barrier.wait(timeout=10)
            decide(application, officer)
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=officer_decides, args=[a]) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["ok", "ok", "refused", "refused"]
    assert selectors.committed_amount(call) == Decimal("80000")


@pytest.mark.django_db(transaction=True)
def test_two_officers_deciding_the_same_case_give_one_decision(world, call):
    application = submitted(call)
    results, barrier = [], threading.Barrier(2)

    def officer_decides():
        try:
            barrier.wait(timeout=10)
            decide(application, world.users["officer_x"])
            results.append("ok")
        except ValidationError as error:
            results.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=officer_decides) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert "ok" in results
    assert any("redan beslutats" in r for r in results)
    assert Decision.objects.filter(application=application).count() == 1


def test_rules_of_a_decision(world, call):
    application = submitted(call, amount="10000")
    officer = world.users["officer_x"]
    with pytest.raises(ValidationError):
        decide(application, officer, amount="12000")  # more than applied for
    with pytest.raises(ValidationError):
        decide(application, officer, amount="0")  # approved needs an amount
    with pytest.raises(ValidationError):  # a committee decision needs its minutes
        decide(application, officer, amount="10000", decided_by_kind="committee")
    decision = decide(
        application,
        officer,
        amount="10000",
        decided_by_kind="committee",
        minutes_paragraph="§ 45",
        minutes_approved_on=date(2027, 3, 10),
        announced_on=date(2027, 3, 11),
    )
    assert decision.appeal_ends_on == date(2027, 4, 1)


def test_rejection_grants_nothing(world, call):
    decision = decide(submitted(call), world.users["officer_x"], amount="5000", outcome="rejected")
    assert decision.amount == 0
    assert selectors.committed_amount(call) == 0


@pytest.mark.parametrize(("move", "kind"), sorted(TRANSITIONS.items(), key=str))
def test_each_move_belongs_to_one_role_only(move, kind):
    from grants import workflow

    other = workflow.APPLICANT if kind == workflow.OFFICER else workflow.OFFICER
    assert workflow.allowed(*move, kind)
    assert not workflow.allowed(*move, other)


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [(S.SUBMITTED, S.UNDER_REVIEW), (S.UNDER_REVIEW, S.COMPLETION_REQUESTED)],
)
def test_applicant_cannot_make_officer_moves(world, call, from_status, to_status):
    application = submitted(call)
    Application.objects.filter(pk=application.pk).update(status=from_status)
    member = UserFactory()
    application.organisation.memberships.create(user=member, role="responsible")
    with pytest.raises(ValidationError):
        services.application_transition(
            application=application, to_status=to_status, by=member, message="x"
        )
    application.refresh_from_db()
    assert application.status == from_status


def test_refused_transition_has_a_clear_message(world, call):
    application = submitted(call)
    services.application_transition(
        application=application, to_status=S.UNDER_REVIEW, by=world.users["officer_x"]
    )
    with pytest.raises(ValidationError, match="kan inte"):
        services.application_transition(
            application=application, to_status=S.SUBMITTED, by=world.users["officer_x"]
        )


def test_other_municipalitys_officer_cannot_decide(world, call):
    application = submitted(call)
    with pytest.raises(ValidationError):
        decide(application, world.users["officer_y"])


# --- the admin ------------------------------------------------------------------------------


def test_queue_assign_to_me_and_decide_in_the_admin(client, world, call):
    application = submitted(call)
    officer = world.users["officer_x"]
    client.force_login(officer)
    changelist = reverse("admin:grants_application_changelist")
    client.post(changelist, {"action": "assign_to_me", "_selected_action": [application.pk]})
    application.refresh_from_db()
    assert application.assigned_to == officer
    assert list(
        client.get(changelist, {"assigned_to__id__exact": officer.pk}).context["cl"].queryset
    ) == [application]

    page = client.get(reverse("admin:grants_application_change", args=[application.pk]))
    assert "Fatta beslut" in page.content.decode()
    url = reverse("admin:grants_application_decide", args=[application.pk])
    assert "Kvar av utlysningens budget: 100\xa0000\xa0kr." in client.get(url).content.decode()
    too_much = client.post(
        url,
        {
            "outcome": "approved",
            "amount": "150000",
            "reasons": "Bra.",
            "decided_by_kind": "delegated_officer",
        },
    )
    assert too_much.status_code == 200
    assert too_much.context["form"].errors["amount"]
    client.post(
        url,
        {
            "outcome": "approved",
            "amount": "40000",
            "reasons": "Bra.",
            "decided_by_kind": "delegated_officer",
        },
    )
    application.refresh_from_db()
    assert application.status == S.DECIDED
    calls = client.get(reverse("admin:grants_call_changelist"))
    row = calls.context["cl"].queryset.get(pk=call.pk)
    assert (row.granted_total, call.budget - row.granted_total) == (
        Decimal("40000"),
        Decimal("60000"),
    )


def test_completion_requested_from_the_admin(client, world, call):
    application = submitted(call)
    client.force_login(world.users["officer_x"])
    url = reverse("admin:grants_application_completion", args=[application.pk])
    assert client.post(url, {"message": ""}).status_code == 200
    client.post(url, {"message": "Komplettera budgeten."})
    application.refresh_from_db()
    assert application.status == S.COMPLETION_REQUESTED
    assert application.messages.get().body == "Komplettera budgeten."


def test_other_municipality_cannot_open_the_case(client, world, call):
    application = submitted(call)
    client.force_login(world.users["officer_y"])
    assert (
        client.get(reverse("admin:grants_application_decide", args=[application.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("admin:grants_application_change", args=[application.pk])).status_code
        == 404
    )


def test_queue_query_count_is_constant(client, world, call):
    client.force_login(world.users["officer_x"])
    changelist = reverse("admin:grants_application_changelist")
    for _ in range(5):
        submitted(call)
    with CaptureQueriesContext(connection) as few:
        client.get(changelist)
    big_call = CallFactory(programme=call.programme, budget=10**7)
    for _ in range(20):
        submitted(big_call)
    with CaptureQueriesContext(connection) as many:
        response = client.get(changelist)
    assert len(response.context["cl"].result_list) == 25
    assert len(few) == len(many)


def test_decision_is_notified_after_commit(world, call, django_capture_on_commit_callbacks):
    from django.core import mail

    from portal.tasks import outbox_drain

    organisation = eligible_organisation(call.programme.committee.municipality)
    kassor = UserFactory(email="kassor@example.se")  # the organisation's only person
    organisation.memberships.create(user=kassor, role="responsible")
    application = submitted(call, organisation=organisation, by=kassor)
    outbox_drain.apply()  # the submission's receipt
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        decide(application, world.users["officer_x"], amount="30000", outcome="partly_approved")
    assert callbacks  # the delivery request (and the open data's drop) wait for the commit
    assert mail.outbox == []
    outbox_drain.apply()  # what the worker runs after commit
    [message] = mail.outbox
    assert message.to == ["kassor@example.se"]
    assert "Delvis beviljad" in message.subject
    assert "30" in message.body
    assert "Uppfyller kriterierna." in message.body
    assert "/beslut.pdf" in message.body  # the decision letter


def test_decision_notice_tells_when_the_report_is_due(world, call):
    from django.core import mail

    from portal.tasks import outbox_drain

    call.programme.report_due_days = 30
    call.programme.save()
    application = submitted(call)
    application.organisation.memberships.create(user=UserFactory(email="ordf@example.se"))
    decide(application, world.users["officer_x"], amount="30000")
    outbox_drain.apply()
    due = application.decision.reports.get().due_on
    assert f"{due.day} {date_format(due, 'F')} {due.year}".lower() in mail.outbox[-1].body.lower()


def test_the_clock_restarts_when_a_completed_application_comes_back(client, world, call):
    from datetime import timedelta

    from django.utils import timezone

    from grants.models import ApplicationEvent

    application = submitted(call)
    ten_days_ago = timezone.now() - timedelta(days=10)
    ApplicationEvent.objects.filter(application=application).update(created_at=ten_days_ago)
    Application.objects.filter(pk=application.pk).update(waiting_since=ten_days_ago)  # kept
    officer = world.users["officer_x"]
    client.force_login(officer)
    changelist = reverse("admin:grants_application_changelist")

    def days():
        cl = client.get(changelist).context["cl"]
        return cl.model_admin.days_waiting(cl.result_list[0])

    assert days() == 10
    services.application_transition(
        application=application, to_status=S.COMPLETION_REQUESTED, by=officer, message="Budget?"
    )
    assert days() == "–"  # waiting for the applicant: the municipality's clock stops
    applicant = MembershipFactory(organisation=application.organisation).user
    services.application_submit(
        application=application, data=MultiValueDict(), files={}, by=applicant
    )
    assert days() == 0
