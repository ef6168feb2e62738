"""Payouts: only granted amounts, only to the registered account, never twice (also when
two officers plan at once), the batch workflow, the payment file and "paid" in the budget."""

import csv
import io
import itertools
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants import selectors, services
from grants.models import Payout, PayoutBatch
from grants.workflow import OFFICER, PAYOUT_BATCH_TRANSITIONS
from organisations.models import PayoutAccount
from portal.models import AuditEvent
from tests.factories import CallFactory, GrantProgrammeFactory
from tests.grants.helpers import decide, submitted

pytestmark = pytest.mark.django_db
B = PayoutBatch.Status
TOMORROW = timezone.localdate() + timedelta(days=1)


@pytest.fixture
def call(world):
    return CallFactory(
        programme=GrantProgrammeFactory(committee=world.x.committees.get()), budget=1_000_000
    )


def granted(call, officer, amount="40000", account=True, outcome="approved"):
    application = submitted(call, amount=amount)
    if account:
        PayoutAccount.objects.create(
            organisation=application.organisation, method="bankgiro", number="5050-1055",
            account_holder=application.organisation.name,
        )  # fmt: skip
    return decide(application, officer, amount=amount if outcome != "rejected" else "0",
                  outcome=outcome)  # fmt: skip


def plan(call, officer, decisions):
    return services.payout_batch_create(
        committee=call.programme.committee, decisions=decisions, payment_date=TOMORROW, by=officer
    )


def test_batch_pays_granted_amounts_to_the_registered_account_only(world, call):
    officer = world.users["officer_x"]
    ok = granted(call, officer, "40000")
    no_account = granted(call, officer, "10000", account=False)
    rejected = granted(call, officer, outcome="rejected")
    batch, refused = plan(call, officer, [ok, no_account, rejected])
    payout = batch.payouts.get()
    assert (payout.decision, payout.amount, payout.account_number) == (ok, Decimal("40000"),
                                                                       "5050-1055")  # fmt: skip
    assert payout.reference == ok.application.diarienummer
    assert {d.pk: reason for d, reason in refused}.keys() == {no_account.pk, rejected.pk}
    assert AuditEvent.objects.filter(
        action="payout_batch.created", target_id=str(batch.pk)
    ).exists()


def test_account_is_copied_so_later_changes_do_not_alter_a_sent_payout(world, call):
    officer = world.users["officer_x"]
    decision = granted(call, officer)
    batch, _refused = plan(call, officer, [decision])
    PayoutAccount.objects.filter(organisation=decision.application.organisation).update(
        number="999-9999"
    )
    assert batch.payouts.get().account_number == "5050-1055"


def test_a_decision_is_never_paid_twice(world, call):
    officer = world.users["officer_x"]
    decision = granted(call, officer)
    plan(call, officer, [decision])
    with pytest.raises(ValidationError):
        plan(call, officer, [decision])
    assert Payout.objects.filter(decision=decision).count() == 1
    assert selectors.payable_decisions(call.programme.committee).count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_officers_planning_at_once_pay_once(world, call):
    officer = world.users["officer_x"]
    decisions = [granted(call, officer, "1000") for _ in range(5)]
    barrier = threading.Barrier(4)
    outcomes = []

    def run():
        barrier.wait()
        try:
            batch, refused = plan(call, officer, decisions)
            outcomes.append(("batch", batch.payouts.count(), len(refused)))
        except ValidationError:
            outcomes.append(("refused", 0, 0))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Payout.objects.count() == 5
    assert sorted(outcomes)[0] == ("batch", 5, 0)
    assert all(o == ("refused", 0, 0) for o in sorted(outcomes)[1:])
    assert PayoutBatch.objects.count() == 1


@pytest.mark.parametrize(("from_status", "to_status"), list(itertools.permutations(B.values, 2)))
def test_every_batch_transition_is_allowed_or_refused_by_the_table(world, call, from_status,
                                                                    to_status):  # fmt: skip
    officer = world.users["officer_x"]
    batch, _refused = plan(call, officer, [granted(call, officer)])
    PayoutBatch.objects.filter(pk=batch.pk).update(status=from_status)
    allowed = PAYOUT_BATCH_TRANSITIONS.get((from_status, to_status)) == OFFICER
    if allowed:
        services.payout_batch_transition(batch=batch, to_status=to_status, by=officer)
        batch.refresh_from_db()
        assert batch.status == to_status
    else:
        with pytest.raises(ValidationError):
            services.payout_batch_transition(batch=batch, to_status=to_status, by=officer)
        batch.refresh_from_db()
        assert batch.status == from_status


def test_cancelling_a_planned_batch_frees_its_decisions(world, call):
    officer = world.users["officer_x"]
    decision = granted(call, officer)
    batch, _refused = plan(call, officer, [decision])
    services.payout_batch_transition(batch=batch, to_status=B.CANCELLED, by=officer)
    assert not Payout.objects.filter(decision=decision).exists()
    again, _refused = plan(call, officer, [decision])
    assert again.payouts.get().decision == decision


def test_other_municipality_cannot_handle_the_batch(world, call):
    officer = world.users["officer_x"]
    batch, _refused = plan(call, officer, [granted(call, officer)])
    with pytest.raises(ValidationError):
        services.payout_batch_transition(batch=batch, to_status=B.SENT, by=world.users["officer_y"])
    with pytest.raises(ValidationError):
        plan(call, world.users["officer_y"], [granted(call, officer)])


def test_payment_file_and_paid_in_the_budget(world, call):
    officer = world.users["officer_x"]
    first, second = granted(call, officer, "40000"), granted(call, officer, "1234.50")
    batch, _refused = plan(call, officer, [first, second])
    rows = list(csv.DictReader(io.StringIO(selectors.payment_file_csv(batch)), delimiter=";"))
    assert [r["Referens"] for r in rows] == sorted(
        [first.application.diarienummer, second.application.diarienummer]
    )
    by_reference = {r["Referens"]: r for r in rows}
    row = by_reference[second.application.diarienummer]
    assert (row["Belopp"], row["Belopp_ore"], row["Betalsatt"], row["Kontonummer"]) == (
        "1234.50", "123450", "BG", "5050-1055")  # fmt: skip
    assert row["Bunt"] == batch.reference
    assert row["Betalningsdatum"] == TOMORROW.isoformat()
    assert selectors.call_money(call).paid == 0
    services.payout_batch_transition(batch=batch, to_status=B.SENT, by=officer)
    assert selectors.call_money(call).paid == 0
    services.payout_batch_transition(batch=batch, to_status=B.PAID, by=officer)
    money = selectors.call_money(call)
    assert (money.budget, money.committed, money.paid) == (
        Decimal("1000000"), Decimal("41234.50"), Decimal("41234.50"))  # fmt: skip


def test_plan_export_and_mark_paid_in_the_admin(client, world, call):
    officer = world.users["officer_x"]
    decision = granted(call, officer)
    client.force_login(officer)
    changelist = reverse("admin:grants_application_changelist")
    selection = {"action": "plan_payouts", "_selected_action": [decision.application_id]}
    past = client.post(changelist, {**selection, "apply": "1", "payment_date": "2020-01-01"})
    assert past.context["form"].errors["payment_date"]
    client.post(changelist, {**selection, "apply": "1", "payment_date": TOMORROW.isoformat()})
    batch = PayoutBatch.objects.get()
    file = client.get(reverse("admin:grants_payoutbatch_file", args=[batch.pk]))
    assert file["Content-Type"].startswith("text/csv")
    assert decision.application.diarienummer in file.content.decode()
    status = reverse("admin:grants_payoutbatch_status", args=[batch.pk])
    client.post(status, {"status": "paid"})  # not yet sent: refused
    batch.refresh_from_db()
    assert batch.status == B.PLANNED
    client.post(status, {"status": "sent"})
    client.post(status, {"status": "paid"})
    batch.refresh_from_db()
    assert batch.status == B.PAID
    calls = client.get(reverse("admin:grants_call_changelist"))
    assert calls.context["cl"].queryset.get(pk=call.pk).paid_total == Decimal("40000")
    client.force_login(world.users["officer_y"])
    assert client.get(reverse("admin:grants_payoutbatch_file", args=[batch.pk])).status_code == 404


def test_batch_list_query_count_is_constant(client, world, call):
    officer = world.users["officer_x"]
    client.force_login(officer)
    url = reverse("admin:grants_payoutbatch_changelist")
    plan(call, officer, [granted(call, officer, "100")])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(8):
        plan(call, officer, [granted(call, officer, "100"), granted(call, officer, "100")])
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["cl"].result_list) == 9
    assert len(many) == len(few)


def test_an_unknown_status_is_refused_with_a_message(client, world, call):
    officer = world.users["officer_x"]
    batch, _refused = plan(call, officer, [granted(call, officer)])
    client.force_login(officer)
    response = client.post(
        reverse("admin:grants_payoutbatch_status", args=[batch.pk]),
        {"status": "gissat"},
        follow=True,
    )
    assert "Okänd status." in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == B.PLANNED
