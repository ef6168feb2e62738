"""The officers' queue (the case list in the admin) and the lists reached through a case,
as a committee-bound officer sees them: the committee's cases and nothing else, in a
constant number of queries, and with the case scope said on the case's own columns
(grants.selectors.queue) so that PostgreSQL can read the queue's index. The call list's
money columns: right figures, in a constant number of queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.models import Application, FollowUpReport, PayoutBatch
from organisations.models import PayoutAccount
from portal.models import Role
from portal.services import role_assign
from tests.factories import (
    CallFactory,
    CommitteeFactory,
    GrantProgrammeFactory,
    MembershipFactory,
    UserFactory,
)
from tests.grants.helpers import decide, eligible_organisation, submitted
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:grants_application_changelist")


@pytest.fixture
def calls(world):
    """A call of the officer's committee (kfn), one of another committee of the same
    municipality (sn) and one of municipality Y."""
    committees = {
        "kfn": world.x.committees.get(),
        "sn": CommitteeFactory(
            municipality=world.x, name="Socialnämnden", slug="sn", abbreviation="SN"
        ),
        "y": world.y.committees.get(),
    }
    return {
        key: CallFactory(
            programme=GrantProgrammeFactory(committee=committee, report_due_days=90),
            budget=10**7,
        )
        for key, committee in committees.items()
    }


def _link(case):
    return reverse("admin:grants_application_change", args=[case.pk])


def _paper_draft(call):
    """A paper application being typed in: a draft the queue shows (its own kind)."""
    organisation = eligible_organisation(call.programme.committee.municipality)
    return Application.objects.create(
        call=call, organisation=organisation, paper_received_on=timezone.localdate()
    )


def _listed(client, **params):
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    return response, set(response.context["cl"].result_list)


def test_committee_officer_sees_the_committees_cases_only(client, world, calls):
    own = submitted(calls["kfn"])
    paper = _paper_draft(calls["kfn"])
    applicant = MembershipFactory(organisation=eligible_organisation(world.x))
    plain_draft = services.application_start(
        call=calls["kfn"], organisation=applicant.organisation, by=applicant.user
    )
    other_committee = submitted(calls["sn"])
    other_municipality = submitted(calls["y"])
    client.force_login(world.users["officer_x"])

    response, listed = _listed(client)
    assert listed == {own, paper}
    assert response.context["cl"].result_count == 2
    page = response.content.decode()
    assert _link(own) in page
    assert _link(paper) in page
    assert plain_draft not in listed  # an applicant's own draft is no case yet
    assert _link(other_committee) not in page
    assert _link(other_municipality) not in page
    # the other committee's case is not found by its page either
    assert client.get(_link(other_committee)).status_code == 404


def test_committee_officer_filters_and_searches_within_the_committee(client, world, calls):
    own = submitted(calls["kfn"])
    other = submitted(calls["sn"], organisation=own.organisation)  # the same name
    client.force_login(world.users["officer_x"])

    assert _listed(client, status__exact="submitted")[1] == {own}
    assert _listed(client, q=own.organisation.name.split()[0])[1] == {own}
    assert _listed(client, q=own.diarienummer.lower())[1] == {own}
    assert _listed(client, q=other.diarienummer)[1] == set()


def test_municipal_admin_without_committee_sees_every_committees_cases(client, world, calls):
    """A role without a committee covers every committee of its municipality."""
    cases = {submitted(calls["kfn"]), submitted(calls["sn"])}
    submitted(calls["y"])
    officer = UserFactory()
    role_assign(user=officer, municipality=world.x, role=Role.OFFICER, committee=None)
    client.force_login(officer)
    assert _listed(client)[1] == cases


def test_an_officer_of_two_committees_in_two_municipalities(client, world, calls):
    cases = {submitted(calls["kfn"]), submitted(calls["y"])}
    submitted(calls["sn"])
    officer = UserFactory()
    for municipality in (world.x, world.y):
        role_assign(user=officer, municipality=municipality, role=Role.OFFICER,
                    committee=municipality.committees.get(slug="kfn"))  # fmt: skip
    client.force_login(officer)
    assert _listed(client)[1] == cases


def test_queue_query_count_is_constant(client, world, calls):
    """Plain, filtered and searched: the same number of queries for 1 case as for many,
    and the committee's calls are read once per page whatever asks for the scope."""
    officer = world.users["officer_x"]
    first = submitted(calls["kfn"])
    client.force_login(officer)
    word = first.organisation.name.split()[0]

    def grow():
        for n in range(6):
            call = CallFactory(programme=calls["kfn"].programme, budget=10**7)
            case = submitted(call, organisation=first.organisation if n % 2 else None)
            if n % 3 == 0:
                decide(case, officer, amount="1000")
            else:
                services.application_assign(application=case, officer=officer, by=officer)
        _paper_draft(calls["kfn"])

    for params in ({}, {"status__exact": "submitted"}, {"q": word}, {"micro": "overdue"}):
        response = assert_constant_queries(client, QUEUE, grow, data=params)
        grow = lambda: None  # noqa: E731 -- grown once; the other lists count the same rows
        if "micro" not in params:  # no micro-grants here: the filter's query counts alike
            assert len(response.context["cl"].result_list) >= 4
    with CaptureQueriesContext(connection) as queries:
        client.get(QUEUE)
    calls_read = [q for q in queries.captured_queries if 'FROM "grants_call" INNER' in q["sql"]
                  and '"programme__committee__municipality_id"' in q["sql"]]  # fmt: skip
    assert len(calls_read) == 1
    count = [q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"]]
    assert len(count) == 1  # the municipality's cases are counted once
    assert "grants_grantprogramme" not in count[0]  # no join to the committee


def test_reports_list_shows_the_committees_reports_counted_once(client, world, calls):
    officer = world.users["officer_x"]
    own = decide(submitted(calls["kfn"]), officer).reports.get()
    sn_officer = UserFactory()
    role_assign(user=sn_officer, municipality=world.x, role=Role.OFFICER,
                committee=calls["sn"].programme.committee)  # fmt: skip
    decide(submitted(calls["sn"]), sn_officer)
    decide(submitted(calls["y"]), world.users["officer_y"])
    client.force_login(officer)
    url = reverse("admin:grants_followupreport_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert set(response.context["cl"].result_list) == {own}
    assert FollowUpReport.objects.count() == 3
    assert sum("COUNT(*)" in q["sql"] for q in queries.captured_queries) == 1


def test_call_list_money_columns(client, world, calls):
    """Granted, paid and left per call, and the same number of queries for more calls."""
    officer = world.users["officer_x"]
    call = calls["kfn"]
    decide(submitted(call), officer, amount="3000")
    paid = submitted(call)
    PayoutAccount.objects.create(
        organisation=paid.organisation, method="bankgiro", number="5050-1055",
        account_holder=paid.organisation.name,
    )  # fmt: skip
    decision = decide(paid, officer, amount="2000")
    decide(submitted(call), officer, amount="0", outcome="rejected")
    batch, refused = services.payout_batch_create(
        committee=call.programme.committee, decisions=[decision],
        payment_date=timezone.localdate() + timedelta(days=1), by=officer,
    )  # fmt: skip
    assert not refused
    for status in (PayoutBatch.Status.SENT, PayoutBatch.Status.PAID):
        services.payout_batch_transition(batch=batch, to_status=status, by=officer)
    client.force_login(officer)
    url = reverse("admin:grants_call_changelist")

    def grow():
        for _ in range(4):
            more = CallFactory(programme=call.programme, budget=10**6)
            decide(submitted(more), officer, amount="500")

    response = assert_constant_queries(client, url, grow)
    row = next(c for c in response.context["cl"].result_list if c.pk == call.pk)
    assert row.granted_total == Decimal(5000)
    assert row.paid_total == Decimal(2000)
    assert row.cancelled_total == Decimal(0)
    assert len(response.context["cl"].result_list) == 5  # the committee's calls only
    assert response.context["cl"].result_count == 5
