"""The figures kept on rows (grants.services.kept_figures): each call's money on the call
list, and each case's "waiting since" in the queue. They stay equal to what the rows say
through every write made in the admin (decisions alone and in a batch, a cancelled
instalment, a payout batch planned, cancelled, sent and paid) and through the applicant's
resubmission; ``manage.py grants_check_stored`` finds a difference and repairs it; the
benchmark's data set and the migration's fill start them right."""

import importlib
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from devtools.bench_seed import Scale, seed
from grants import selectors, services
from grants.models import Application, ApplicationEvent, Call, Decision, PayoutBatch
from grants.services.kept_figures import kept_figures_drift, kept_figures_recompute
from portal.money import format_amount
from tests.factories import CallFactory, MembershipFactory
from tests.grants import test_plans
from tests.grants.helpers import decide, eligible_organisation, submitted
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db
CALLS = reverse("admin:grants_call_changelist")
QUEUE = reverse("admin:grants_application_changelist")
TOMORROW = timezone.localdate() + timedelta(days=1)
NO_DRIFT = {"calls": [], "applications": []}


call = test_plans.call  # a fixture: a call with a budget and reports due after 60 days
with_account = test_plans.with_account


def listed(client, call):
    """The call's row on the call list as the page shows it: granted, paid, left."""
    response = client.get(CALLS)
    assert response.status_code == 200
    cl = response.context["cl"]
    row = next(c for c in cl.result_list if c.pk == call.pk)
    return cl.model_admin.committed(row), cl.model_admin.paid(row), cl.model_admin.left(row)


def assert_list_agrees(client, call, granted, paid):
    """The list shows the amounts expected, which are what the rows say when summed live
    (grants.selectors.money), and no kept figure has drifted anywhere."""
    money = selectors.call_money(call)
    assert money.paid == Decimal(paid)
    assert listed(client, call) == (
        format_amount(Decimal(granted)),
        format_amount(Decimal(paid)),
        format_amount(money.left),
    )
    call.refresh_from_db()
    assert call.granted_total == Decimal(granted)
    assert call.granted_total - call.cancelled_total == money.committed
    assert kept_figures_drift() == NO_DRIFT


BASE = {"outcome": "approved", "reasons": "Bra.", "decided_by_kind": "delegated_officer"}


def management(prefix, total):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}  # fmt: skip


def test_call_list_money_follows_every_write_made_in_the_admin(client, world, call):
    officer = world.users["officer_x"]
    client.force_login(officer)
    split, batch_a, batch_b, rejected = (
        with_account(submitted(call, amount=amount)) for amount in ("40000", "3000", "2000", "1")
    )
    assert_list_agrees(client, call, granted=0, paid=0)

    # A decision in two instalments, from the case's decision form.
    response = client.post(
        reverse("admin:grants_application_decide", args=[split.pk]),
        {**BASE, "amount": "40000", "payment_route": "account", "plan_kind": "instalments",
         **management("inst", 2), "inst-0-amount": "30000", "inst-1-amount": "10000",
         **management("year", 3)},
    )  # fmt: skip
    assert response.status_code == 302
    assert_list_agrees(client, call, granted=40000, paid=0)

    # Two cases decided together (each its amount applied for), one refused.
    client.post(
        QUEUE,
        {"action": "decide_in_batch", "apply": "1", **BASE,
         "_selected_action": [batch_a.pk, batch_b.pk]},
    )  # fmt: skip
    client.post(
        reverse("admin:grants_application_decide", args=[rejected.pk]),
        {**BASE, "outcome": "rejected", "amount": "0", "reasons": "Utanför riktlinjerna."},
    )
    assert Decision.objects.filter(application__call=call).count() == 4
    assert_list_agrees(client, call, granted=45000, paid=0)

    # The second instalment is cancelled: its money is free again, nothing more is paid.
    client.post(
        reverse("admin:grants_application_instalment_cancel", args=[split.pk]),
        {"instalment": "2", "reason": "Projektet blev mindre."},
    )
    assert_list_agrees(client, call, granted=45000, paid=0)
    assert selectors.call_money(call).committed == Decimal(35000)

    # Payouts planned, the batch cancelled (nothing paid), planned again, sent and paid.
    selection = {"action": "plan_payouts", "apply": "1", "payment_date": TOMORROW.isoformat(),
                 "_selected_action": [split.pk, batch_a.pk, batch_b.pk]}  # fmt: skip
    client.post(QUEUE, selection)
    first = PayoutBatch.objects.get()
    status = reverse("admin:grants_payoutbatch_status", args=[first.pk])
    client.post(status, {"status": "cancelled"})
    assert PayoutBatch.objects.get().status == PayoutBatch.Status.CANCELLED
    assert_list_agrees(client, call, granted=45000, paid=0)
    client.post(QUEUE, selection)
    second = PayoutBatch.objects.exclude(pk=first.pk).get()
    status = reverse("admin:grants_payoutbatch_status", args=[second.pk])
    client.post(status, {"status": "sent"})
    assert_list_agrees(client, call, granted=45000, paid=0)  # sent is not yet paid
    client.post(status, {"status": "paid"})
    second.refresh_from_db()
    assert second.status == PayoutBatch.Status.PAID
    assert_list_agrees(client, call, granted=45000, paid=35000)


def test_a_batch_paying_several_calls_adds_to_each(client, world, call):
    officer = world.users["officer_x"]
    other = CallFactory(programme=call.programme, budget=500_000)
    decisions = [
        decide(with_account(submitted(c, amount=a)), officer, amount=a)
        for c, a in ((call, "1000"), (call, "2500.50"), (other, "700"))
    ]
    batch, refused = services.payout_batch_create(
        committee=call.programme.committee, decisions=decisions, payment_date=TOMORROW,
        by=officer,
    )  # fmt: skip
    assert not refused
    for to_status in (PayoutBatch.Status.SENT, PayoutBatch.Status.PAID):
        services.payout_batch_transition(batch=batch, to_status=to_status, by=officer)
    call.refresh_from_db()
    other.refresh_from_db()
    assert (call.granted_total, call.paid_total) == (Decimal("3500.50"), Decimal("3500.50"))
    assert (other.granted_total, other.paid_total) == (Decimal(700), Decimal(700))
    assert kept_figures_drift() == NO_DRIFT


def test_a_refused_decision_or_payment_changes_no_total(world, call):
    officer = world.users["officer_x"]
    call.budget = 50_000
    call.save(update_fields=["budget"])
    decide(submitted(call), officer, amount="40000")
    with pytest.raises(Exception, match="budget"):
        decide(submitted(call), officer, amount="40000")  # over the budget: rolled back
    call.refresh_from_db()
    assert call.granted_total == Decimal(40000)
    assert kept_figures_drift() == NO_DRIFT


def test_the_call_list_reads_no_more_queries_for_more_calls_and_decisions(client, world, call):
    officer = world.users["officer_x"]
    decide(submitted(call, amount="500"), officer, amount="500")
    client.force_login(officer)

    def grow():
        for _ in range(3):
            more = CallFactory(programme=call.programme, budget=10**6)
            for _ in range(3):
                decide(submitted(more, amount="100"), officer, amount="100")

    response = assert_constant_queries(client, CALLS, grow)
    assert len(response.context["cl"].result_list) == 4
    assert kept_figures_drift() == NO_DRIFT


def test_the_list_sorts_by_the_kept_totals(client, world, call):
    officer = world.users["officer_x"]
    small = CallFactory(programme=call.programme, budget=10**6)
    decide(submitted(call, amount="9000"), officer, amount="9000")
    decide(submitted(small, amount="10"), officer, amount="10")
    client.force_login(officer)
    columns = list(client.get(CALLS).context["cl"].list_display)
    granted = columns.index("committed")
    ascending = client.get(CALLS, {"o": str(granted)}).context["cl"].result_list
    descending = client.get(CALLS, {"o": f"-{granted}"}).context["cl"].result_list
    assert [c.pk for c in ascending] == [small.pk, call.pk]
    assert [c.pk for c in descending] == [call.pk, small.pk]


# --- "waiting since" ---------------------------------------------------------------------------


def test_waiting_since_is_the_last_submission_through_the_views(client, world, call):
    application = submitted(call)
    event = ApplicationEvent.objects.get(application=application, to_status="submitted")
    application.refresh_from_db()
    assert application.waiting_since == event.created_at
    officer = world.users["officer_x"]
    client.force_login(officer)
    client.post(
        reverse("admin:grants_application_completion", args=[application.pk]),
        {"message": "Komplettera budgeten."},
    )
    application.refresh_from_db()
    assert application.status == Application.Status.COMPLETION_REQUESTED
    assert application.waiting_since == event.created_at  # kept: the column shows "–"
    member = MembershipFactory(organisation=application.organisation).user
    client.force_login(member)
    response = client.post(
        reverse("grants:application", args=[application.pk]), {"action": "submit"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    again = ApplicationEvent.objects.filter(application=application, to_status="submitted")
    assert again.count() == 2
    assert application.waiting_since == again.latest("created_at").created_at > event.created_at
    assert kept_figures_drift() == NO_DRIFT


def test_a_paper_application_waits_from_when_it_was_entered(client, world, call):
    from grants.services import paper

    officer = world.users["officer_x"]
    application = paper.paper_application_start(
        call=call, organisation=eligible_organisation(world.x), received_on=timezone.localdate(),
        by=officer,
    )  # fmt: skip
    assert application.waiting_since is None  # a paper draft in the queue: not yet waiting
    paper.paper_application_submit(
        application=application, data=MultiValueDict(), files={}, by=officer
    )
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.waiting_since is not None
    assert kept_figures_drift() == NO_DRIFT


# --- the check, the repair and the fills -----------------------------------------------------


def test_the_check_finds_a_drift_and_the_repair_fixes_it(world, call):
    officer = world.users["officer_x"]
    case = submitted(call)
    decide(case, officer, amount="1234")
    call_command("grants_check_stored")  # all well: no error
    Call.objects.filter(pk=call.pk).update(granted_total=Decimal(1))
    Application.objects.filter(pk=case.pk).update(waiting_since=None)
    drift = kept_figures_drift()
    assert drift["calls"] == [(call.pk, (Decimal(1), Decimal(0), Decimal(0)),
                               (Decimal(1234), Decimal(0), Decimal(0)))]  # fmt: skip
    assert [row[0] for row in drift["applications"]] == [case.pk]
    with pytest.raises(CommandError):
        call_command("grants_check_stored")
    call_command("grants_check_stored", "--repair")
    assert kept_figures_drift() == NO_DRIFT
    call.refresh_from_db()
    assert call.granted_total == Decimal(1234)
    assert kept_figures_recompute() == {"calls": 0, "applications": 0}  # nothing left to do


def test_the_migrations_fill_from_the_rows(world, call):
    """The data migration's statements (grants 0020) give what the services keep."""
    migration = importlib.import_module(
        "grants.migrations.0020_call_money_totals_and_waiting_since"
    )
    officer = world.users["officer_x"]
    decision = decide(with_account(submitted(call)), officer, amount="40000")
    batch, _refused = services.payout_batch_create(
        committee=call.programme.committee, decisions=[decision], payment_date=TOMORROW,
        by=officer,
    )  # fmt: skip
    for to_status in (PayoutBatch.Status.SENT, PayoutBatch.Status.PAID):
        services.payout_batch_transition(batch=batch, to_status=to_status, by=officer)
    kept = Call.objects.values_list("granted_total", "cancelled_total", "paid_total").get()
    waiting = Application.objects.values_list("waiting_since", flat=True).get()
    Call.objects.update(granted_total=0, cancelled_total=0, paid_total=0)
    Application.objects.update(waiting_since=None)
    with connection.cursor() as cursor:
        cursor.execute(migration.WAITING_SINCE)
        cursor.execute(migration.CALL_TOTALS)
    assert Call.objects.values_list("granted_total", "cancelled_total", "paid_total").get() == kept
    assert Application.objects.values_list("waiting_since", flat=True).get() == waiting
    assert kept == (Decimal(40000), Decimal(0), Decimal(40000))


def test_the_benchmark_data_set_starts_right(db):
    seed(Scale(municipalities=2, organisations=100, applications=400, networks=2, years=2),
         out=lambda *_: None, rollups=False)  # fmt: skip
    assert Call.objects.filter(granted_total__gt=0, paid_total__gt=0).exists()
    assert not Application.objects.exclude(status="draft").filter(waiting_since=None).exists()
    assert kept_figures_drift() == NO_DRIFT


@pytest.mark.django_db(transaction=True)
def test_concurrent_writes_lose_no_amount(world, call):
    """Officers deciding in the same call while another cancels an instalment and a third
    pays a batch of it: every amount is in the totals once."""
    officer = world.users["officer_x"]
    paid = [decide(with_account(submitted(call, amount="100")), officer, amount="100")
            for _ in range(2)]  # fmt: skip
    batch, _refused = services.payout_batch_create(
        committee=call.programme.committee, decisions=paid, payment_date=TOMORROW, by=officer
    )
    services.payout_batch_transition(batch=batch, to_status=PayoutBatch.Status.SENT, by=officer)
    split = decide(
        with_account(submitted(call, amount="300")), officer, amount="300",
        plan=[{"amount": Decimal(200)}, {"amount": Decimal(100)}],
    )  # fmt: skip
    waiting = [submitted(call, amount="1000") for _ in range(4)]
    barrier = threading.Barrier(len(waiting) + 2)
    errors = []

    def run(work):
        try:
            barrier.wait(timeout=10)
            work()
        except Exception as error:  # any failure is reported below
            errors.append(error)
        finally:
            connection.close()

    works = [lambda a=a: decide(a, officer, amount="1000") for a in waiting]
    works.append(lambda: services.instalment_cancel(
        instalment=split.instalments.get(number=2), by=officer, reason="Mindre projekt."
    ))  # fmt: skip
    works.append(lambda: services.payout_batch_transition(
        batch=batch, to_status=PayoutBatch.Status.PAID, by=officer
    ))  # fmt: skip
    threads = [threading.Thread(target=run, args=[work]) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    call.refresh_from_db()
    assert (call.granted_total, call.cancelled_total, call.paid_total) == (
        Decimal(4500),
        Decimal(100),
        Decimal(200),
    )
    assert kept_figures_drift() == NO_DRIFT
