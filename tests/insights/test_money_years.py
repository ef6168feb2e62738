"""The dashboards' money: granted in the decision's year, paid in the year it was paid (the
payout batch marked paid), and money that reached informal groups (through a host, by
invoices) as a figure of its own -- in the rollups and on the page."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grants import services as grant_services
from grants.models import Application, Decision, HostAgreement, PayoutBatch
from insights.rollups import rollups_refresh
from insights.selectors import Filters, by_kind, totals
from organisations.models import EligibilityPeriod, PayoutAccount
from tests.factories import CallFactory, GrantProgrammeFactory, OrganisationFactory
from tests.grants.helpers import decide, eligible_organisation, submitted

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
TOMORROW = timezone.localdate() + timedelta(days=1)


def _moment(year, month=6, day=1):
    return datetime(year, month, day, 12, tzinfo=timezone.get_current_timezone())


def _pay(committee, decisions, officer, paid_at):
    batch, _refused = grant_services.payout_batch_create(
        committee=committee, decisions=decisions, payment_date=TOMORROW, by=officer
    )
    grant_services.payout_batch_transition(batch=batch, to_status="sent", by=officer)
    grant_services.payout_batch_transition(batch=batch, to_status="paid", by=officer)
    PayoutBatch.objects.filter(pk=batch.pk).update(paid_at=paid_at)
    return batch


def _account(organisation):
    PayoutAccount.objects.create(
        organisation=organisation, method="bankgiro", number="5050-1055",
        account_holder=organisation.name,
    )  # fmt: skip


@pytest.fixture
def setting(world):
    committee = world.x.committees.get()
    programme = GrantProgrammeFactory(committee=committee, informal_groups_allowed=True)
    call = CallFactory(programme=programme, budget=10**6)
    return committee, call


def _decided_in(application, year, month=6):
    moment = _moment(year, month)
    Application.objects.filter(pk=application.pk).update(submitted_at=moment)
    Decision.objects.filter(application=application).update(decided_at=moment)


def test_granted_in_the_decision_year_and_paid_in_the_year_paid(world, setting):
    committee, call = setting
    officer = world.users["officer_x"]
    application = submitted(call, amount="30000")
    _account(application.organisation)
    decision = decide(application, officer, amount="30000",
                      plan=[{"amount": "20000"}, {"amount": "10000"}])  # fmt: skip
    _decided_in(application, YEAR - 1, month=12)
    batch = _pay(committee, [decision], officer, _moment(YEAR, 1, 15))
    assert batch.payouts.count() == 2
    rollups_refresh(world.x)
    before, now = (totals(Filters(world.x, years=(y,))) for y in (YEAR - 1, YEAR))
    assert (before["count"], before["granted"], before["paid"]) == (1, Decimal(30000), 0)
    assert (now["count"], now["granted"], now["paid"]) == (0, 0, Decimal(30000))
    # ... in the grant's own cell: the kind table shows it under the programme's kind.
    [row] = by_kind(Filters(world.x, years=(YEAR,))).rows
    assert row[7] == Decimal(30000)  # "Paid (SEK)"
    assert totals(Filters(world.x))["paid"] == Decimal(30000)  # all years: counted once


def test_money_that_reached_informal_groups(world, setting):
    committee, call = setting
    officer = world.users["officer_x"]
    host = eligible_organisation(world.x)
    _account(host)
    group = OrganisationFactory(municipality=world.x, informal=True, approved=True)
    EligibilityPeriod.objects.create(
        organisation=group, valid_from="2020-01-01", valid_until="2099-12-31"
    )
    hosted = submitted(call, amount="12000", organisation=group)
    HostAgreement.objects.create(
        application=hosted, host=host, status=HostAgreement.Status.ACCEPTED,
        signatory_name="Kim Värd", answered_at=timezone.now(),
    )  # fmt: skip
    via_host = decide(hosted, officer, amount="12000", payment_route="host")
    other_call = CallFactory(programme=call.programme, budget=10**6)
    by_invoices = decide(submitted(other_call, amount="5000", organisation=group), officer,
                         amount="5000", payment_route="invoices")  # fmt: skip
    association = submitted(call, amount="7000")
    _account(association.organisation)
    ordinary = decide(association, officer, amount="7000")
    _pay(committee, [via_host, ordinary], officer, timezone.now())
    assert by_invoices.instalments.count() == 0
    rollups_refresh(world.x)
    figures = totals(Filters(world.x, years=(YEAR,)))
    assert figures["granted"] == Decimal(24000)
    assert figures["informal_granted"] == Decimal(17000)  # host and invoices
    assert (figures["paid"], figures["informal_paid"]) == (Decimal(19000), Decimal(12000))
    client_page = _dashboard(world)
    assert "Utbetalt till informella grupper (kr)" in client_page
    assert "Beviljat till informella grupper (kr)" in client_page


def _dashboard(world):
    from django.test import Client

    client = Client()
    client.force_login(world.users["politician_x"])
    response = client.get(reverse("insights:dashboard", args=[world.x.slug]))
    assert response.status_code == 200
    return response.content.decode()
