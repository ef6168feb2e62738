"""Appropriations (anslag): calls of several programmes draw from one, nothing is granted
beyond it (also when two officers decide in two calls at once), repaid money flows back;
the admin's list and budget page, and the call's choice of appropriation."""

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants import selectors, services
from grants.models import Appropriation, Decision
from grants.selectors.budget import MONEY
from organisations.models import PayoutAccount
from tests.factories import CallFactory, CommitteeFactory, GrantProgrammeFactory, MembershipFactory
from tests.grants.helpers import decide, submitted

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def appropriation(world):
    return Appropriation.objects.create(
        committee=world.x.committees.get(), year=YEAR, name="Föreningsstöd", amount=100000
    )


def drawing_call(appropriation, budget=1_000_000, **programme):
    programme = GrantProgrammeFactory(committee=appropriation.committee, **programme)
    return CallFactory(programme=programme, budget=budget, appropriation=appropriation)


def test_two_calls_cannot_grant_beyond_their_appropriation(world, appropriation):
    officer = world.users["officer_x"]
    first, second = drawing_call(appropriation), drawing_call(appropriation)
    decide(submitted(first, amount="60000"), officer, amount="60000")
    with pytest.raises(ValidationError) as error:
        decide(submitted(second, amount="50000"), officer, amount="50000")
    assert "40\xa0000\xa0kr" in " ".join(error.value.messages)  # what is left
    decide(submitted(second, amount="40000"), officer, amount="40000")
    assert selectors.appropriation_money(appropriation).left == Decimal(0)


@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_in_two_calls_keep_the_appropriation(world, appropriation):
    officer = world.users["officer_x"]
    calls = [drawing_call(appropriation), drawing_call(appropriation)]
    applications = [submitted(c, amount="60000") for c in calls for _ in range(2)]
    results, barrier = [], threading.Barrier(len(applications))

    def officer_decides(application):
        try:
            barrier.wait(timeout=10)
            decide(application, officer, amount="60000")
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
    assert sorted(results) == ["ok", "refused", "refused", "refused"]
    granted = Decision.objects.filter(application__call__appropriation=appropriation)
    assert sum(d.amount for d in granted) == Decimal("60000")


def test_repaid_money_flows_back(world, appropriation):
    officer = world.users["officer_x"]
    call = drawing_call(appropriation, report_due_days=30)
    application = submitted(call, amount="100000")
    PayoutAccount.objects.create(
        organisation=application.organisation, method="bankgiro", number="5050-1055",
        account_holder=application.organisation.name,
    )  # fmt: skip
    decision = decide(application, officer, amount="100000")
    assert selectors.appropriation_money(appropriation).left == Decimal(0)
    member = MembershipFactory(organisation=application.organisation).user
    report = decision.reports.get()
    services.report_submit(report=report, by=member, outcomes="Klart.", participants={},
                           money_used="70000")  # fmt: skip
    services.report_review(report=report, accept=True, by=officer)
    claim = report.repayment_claim
    assert selectors.appropriation_money(appropriation).left == Decimal(0)  # not yet repaid
    services.repayment_claim_settle(claim=claim, status="repaid", by=officer)
    money = selectors.appropriation_money(appropriation)
    assert (money.repaid, money.left) == (Decimal("30000"), Decimal("30000"))
    row = selectors.appropriations_with_money(Appropriation.objects.all()).get()
    assert (row.committed_total, row.repaid_total, row.left_total) == (
        Decimal("100000"), Decimal("30000"), Decimal("30000")
    )  # fmt: skip
    # ... and can be granted again
    decide(submitted(drawing_call(appropriation), amount="30000"), officer, amount="30000")


def test_cancelled_instalments_free_their_money_in_the_call_and_the_appropriation(
    world, appropriation
):
    """A later year's instalment cancelled (e.g. the association stopped) will not be
    paid: the call's budget and the appropriation may grant it to someone else."""
    officer = world.users["officer_x"]
    call = drawing_call(appropriation, budget=100_000)
    plan, reports = services.multi_year_terms(amounts_by_year={2027: 60000, 2028: 40000})
    decision = decide(submitted(call, amount="100000"), officer, amount="100000",
                      plan=plan, reports=reports)  # fmt: skip
    assert selectors.appropriation_money(appropriation).left == Decimal(0)
    with pytest.raises(ValidationError):  # the call is spent
        decide(submitted(call, amount="40000"), officer, amount="40000")
    second = decision.instalments.get(number=2)
    services.instalment_cancel(instalment=second, by=officer, reason="Föreningen har upphört.")
    assert selectors.committed_amount(call) == Decimal("60000")
    money = selectors.appropriation_money(appropriation)
    assert (money.committed, money.left) == (Decimal("60000"), Decimal("40000"))
    row = selectors.appropriations_with_money(Appropriation.objects.all()).get()
    assert (row.committed_total, row.left_total) == (Decimal("60000"), Decimal("40000"))
    decide(submitted(call, amount="40000"), officer, amount="40000")  # granted again
    assert selectors.appropriation_money(appropriation).left == Decimal(0)


def test_admin_list_shows_the_figures_in_constant_queries(client, world, appropriation):
    officer = world.users["officer_x"]
    decide(submitted(drawing_call(appropriation), amount="25000"), officer, amount="25000")
    client.force_login(world.users["admin_x"])
    url = reverse("admin:grants_appropriation_changelist")
    response = client.get(url)
    html = response.content.decode()
    assert "25\xa0000\xa0kr" in html
    assert "75\xa0000\xa0kr" in html
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(4):
        other = Appropriation.objects.create(
            committee=appropriation.committee, year=YEAR - 1 - n, name="Äldre", amount=1000
        )
        drawing_call(other)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    page = client.get(reverse("admin:grants_appropriation_change", args=[appropriation.pk]))
    assert page.status_code == 200
    assert "kvar 75\xa0000\xa0kr" in page.content.decode()


def test_officer_of_another_municipality_sees_none(client, world, appropriation):
    client.force_login(world.users["officer_y"])
    url = reverse("admin:grants_appropriation_change", args=[appropriation.pk])
    assert client.get(url).status_code == 404
    listing = client.get(reverse("admin:grants_appropriation_changelist"))
    assert appropriation.name not in listing.content.decode()


def test_call_can_only_draw_from_its_committees_appropriation(client, world, appropriation):
    other = Appropriation.objects.create(
        committee=CommitteeFactory(municipality=world.x, name="Socialnämnden", slug="sn"),
        year=YEAR, name="Socialt stöd", amount=50000,
    )  # fmt: skip
    call = CallFactory(programme=GrantProgrammeFactory(committee=appropriation.committee))
    client.force_login(world.users["admin_x"])
    url = reverse("admin:grants_call_change", args=[call.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: (value.isoformat() if hasattr(value, "isoformat") else value)
        for name, value in form.initial.items()
        if value is not None and name not in ("focus_areas",)
    }
    opens = timezone.localtime(call.opens_at)
    closes = timezone.localtime(call.closes_at)
    data.update({
        "opens_at_0": opens.date().isoformat(), "opens_at_1": opens.strftime("%H:%M"),
        "closes_at_0": closes.date().isoformat(), "closes_at_1": closes.strftime("%H:%M"),
        "appropriation": other.pk,
    })  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Socialnämnden" in " ".join(response.context["adminform"].form.errors["appropriation"])
    call.refresh_from_db()
    assert call.appropriation is None
    data["appropriation"] = appropriation.pk
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    call.refresh_from_db()
    assert call.appropriation == appropriation


def test_budget_page_per_call_committee_and_year(client, world, appropriation):
    officer = world.users["officer_x"]
    call = drawing_call(appropriation)
    application = submitted(call, amount="40000")
    PayoutAccount.objects.create(
        organisation=application.organisation, method="bankgiro", number="5050-1055",
        account_holder=application.organisation.name,
    )  # fmt: skip
    later = date(YEAR + 1, 6, 1)
    decision = decide(application, officer, amount="40000",
                      plan=[{"amount": "30000"}, {"amount": "10000", "due_on": later}])  # fmt: skip
    batch, _ = services.payout_batch_create(
        committee=appropriation.committee, decisions=[decision],
        payment_date=timezone.localdate() + timedelta(days=1), by=officer,
    )  # fmt: skip
    services.payout_batch_transition(batch=batch, to_status="sent", by=officer)
    services.payout_batch_transition(batch=batch, to_status="paid", by=officer)
    [entry] = selectors.budget([appropriation.committee], YEAR)
    [row] = entry.rows
    assert (row.granted, row.planned, row.paid) == (Decimal("40000"), Decimal(0),
                                                    Decimal("30000"))  # fmt: skip
    [next_year] = selectors.budget([appropriation.committee], YEAR + 1)
    assert [(r.granted, r.planned, r.paid) for r in next_year.rows] == [
        (Decimal(0), Decimal("10000"), Decimal(0))
    ]
    services.instalment_cancel(instalment=decision.instalments.get(number=2), by=officer,
                               reason="Behövdes inte.")  # fmt: skip
    [next_year] = selectors.budget([appropriation.committee], YEAR + 1)
    assert next_year.planned == Decimal(0)
    client.force_login(officer)
    url = reverse("admin:grants_appropriation_budget")
    client.get(url, {"year": YEAR})  # warm-up: the sums are kept, then dropped by a change
    MONEY.invalidate(world.x.pk)
    with CaptureQueriesContext(connection) as few:
        html = client.get(url, {"year": YEAR}).content.decode()
    assert call.title in html
    assert "30\xa0000\xa0kr" in html
    assert "70\xa0000\xa0kr" in html  # left: 100 000 less 40 000 granted, 10 000 cancelled
    for _ in range(3):
        decide(submitted(drawing_call(appropriation), amount="1000"), officer, amount="1000")
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"year": YEAR})
    assert len(many) == len(few)
    assert client.get(url, {"year": "x"}).status_code == 200  # a bad year: the form says so
