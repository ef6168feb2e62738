"""The officers' money pages at a large municipality's size (#25): a payout batch's page
lists its payouts a page at a time and its payment file reads them as values, the budget
page keeps its sums per version of the municipality's money, and the paper application's
start page names the organisation with a search box. Each still works end to end, and
reads the same number of queries however many rows there are."""

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.admin import payouts as payouts_admin
from grants.models import Application, Payout, PayoutBatch
from grants.selectors.budget import MONEY
from organisations.models import PayoutAccount
from tests.factories import CallFactory, GrantProgrammeFactory
from tests.grants.helpers import decide, eligible_organisation, submitted
from tests.query_counts import grown_queries

pytestmark = pytest.mark.django_db
TOMORROW = timezone.localdate() + timedelta(days=1)
YEAR = timezone.localdate().year


@pytest.fixture
def call(world):
    programme = GrantProgrammeFactory(committee=world.x.committees.get(), name="Föreningsstöd")
    return CallFactory(programme=programme, budget=10**7, title="Stöd i år")


def _granted(call, officer, amount="1000"):
    application = submitted(call, amount=amount)
    PayoutAccount.objects.create(
        organisation=application.organisation, method="bankgiro", number="5050-1055",
        account_holder=application.organisation.name,
    )  # fmt: skip
    return decide(application, officer, amount=amount)


def _batch(call, officer, count):
    batch, refused = services.payout_batch_create(
        committee=call.programme.committee,
        decisions=[_granted(call, officer) for _ in range(count)],
        payment_date=TOMORROW,
        by=officer,
    )
    assert not refused
    return batch


def _add_payouts(batch, call, officer, count):
    """More payouts in the batch, as planning writes them (a batch is never added to)."""
    for decision in [_granted(call, officer) for _ in range(count)]:
        application = decision.application
        batch.payouts.create(
            decision=decision, instalment=decision.instalments.get(), amount=decision.amount,
            reference=application.diarienummer, organisation_name=application.organisation.name,
            organisation_number=application.organisation.organisation_number,
            method="bankgiro", account_number="5050-1055",
            account_holder=application.organisation.name,
        )  # fmt: skip


def _queries(client, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200, url
    return queries, response


# --- the payout batch ---------------------------------------------------------------------


def test_the_batch_page_lists_its_payouts_a_page_at_a_time(client, world, call, monkeypatch):
    monkeypatch.setattr(payouts_admin, "PAYOUTS_PER_PAGE", 3)
    officer = world.users["officer_x"]
    batch = _batch(call, officer, 2)
    url = reverse("admin:grants_payoutbatch_change", args=[batch.pk])
    client.force_login(officer)
    client.get(url)  # warm-up
    few, response = _queries(client, url)
    assert len(response.context["payout_rows"]) == 2
    assert response.context["payouts"].paginator.num_pages == 1
    _add_payouts(batch, call, officer, 5)
    many, response = _queries(client, url)
    assert len(many) == len(few), grown_queries(few, many)
    html = response.content.decode()
    assert len(response.context["payout_rows"]) == 3
    assert "Utbetalning 1–3 av 7" in html  # the page says it is a part, and of what
    last, response = _queries(client, url, {"sida": 3})
    assert len(last) == len(few), grown_queries(few, last)
    [row] = response.context["payout_rows"]
    references = sorted(Payout.objects.filter(batch=batch).values_list("reference", flat=True))
    assert row.payout.reference == references[-1]  # the payment file's order
    assert 'class="field-method_name">Bankgiro<' in response.content.decode()
    assert '<div class="readonly">7</div>' in html  # the batch's count, with its total
    assert '<div class="readonly">7\xa0000\xa0kr</div>' in html


def test_a_batch_is_still_sent_paid_and_its_files_complete(client, world, call, monkeypatch):
    monkeypatch.setattr(payouts_admin, "PAYOUTS_PER_PAGE", 2)
    officer = world.users["officer_x"]
    batch = _batch(call, officer, 3)
    client.force_login(officer)
    page = client.get(reverse("admin:grants_payoutbatch_change", args=[batch.pk]))
    assert len(page.context["payout_rows"]) == 2
    response = client.get(reverse("admin:grants_payoutbatch_file", args=[batch.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode()), delimiter=";"))
    assert len(rows) == 3  # every payout, not the page
    assert {r["Bidragsprogram"] for r in rows} == {"Föreningsstöd"}
    assert {r["Belopp"] for r in rows} == {"1000.00"}
    assert {r["Referens"] for r in rows} == set(batch.payouts.values_list("reference", flat=True))
    status = reverse("admin:grants_payoutbatch_status", args=[batch.pk])
    assert client.post(status, {"status": "sent"}).status_code == 302
    assert client.post(status, {"status": "paid"}).status_code == 302
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.PAID


def test_the_payment_file_reads_the_same_queries_however_many_payouts(client, world, call):
    officer = world.users["officer_x"]
    batch = _batch(call, officer, 2)
    url = reverse("admin:grants_payoutbatch_file", args=[batch.pk])
    client.force_login(officer)
    client.get(url)  # warm-up
    few, _response = _queries(client, url)
    other = GrantProgrammeFactory(committee=call.programme.committee, name="Lovaktiviteter")
    _add_payouts(batch, CallFactory(programme=other, budget=10**6), officer, 4)
    many, response = _queries(client, url)
    assert len(many) == len(few), grown_queries(few, many)
    rows = list(csv.DictReader(io.StringIO(response.content.decode()), delimiter=";"))
    assert (
        sorted(r["Bidragsprogram"] for r in rows) == ["Föreningsstöd"] * 2 + ["Lovaktiviteter"] * 4
    )


# --- the budget page ----------------------------------------------------------------------


def test_the_budget_page_keeps_its_sums_until_the_money_changes(client, world, call):
    officer = world.users["officer_x"]
    _granted(call, officer, "40000")
    url = reverse("admin:grants_appropriation_budget")
    client.force_login(officer)
    client.get(url, {"year": YEAR})  # warm-up: sums kept
    kept, response = _queries(client, url, {"year": YEAR})
    assert "40\xa0000\xa0kr" in response.content.decode()

    _granted(call, officer, "2500")  # a decision drops the kept sums at once
    summed, response = _queries(client, url, {"year": YEAR})
    assert "42\xa0500\xa0kr" in response.content.decode()
    assert len(summed) > len(kept)  # summed anew
    again, _response = _queries(client, url, {"year": YEAR})
    assert len(again) == len(kept), grown_queries(kept, again)

    for _ in range(3):  # more cases and calls: the same queries, kept or summed
        _granted(CallFactory(programme=call.programme, budget=10**6), officer, "100")
    grown, response = _queries(client, url, {"year": YEAR})
    assert len(grown) == len(summed), grown_queries(summed, grown)
    assert "42\xa0800\xa0kr" in response.content.decode()
    kept_again, _response = _queries(client, url, {"year": YEAR})
    assert len(kept_again) == len(kept), grown_queries(kept, kept_again)


def test_every_change_to_the_money_shows_on_the_budget_at_once(world, call):
    from grants import selectors

    officer = world.users["officer_x"]
    committee = call.programme.committee
    decision = _granted(call, officer, "30000")

    def figures():
        [entry] = selectors.budget([committee], YEAR)
        return entry.granted, entry.planned, entry.paid

    assert figures() == (Decimal(30000), Decimal(30000), Decimal(0))
    batch, _refused = services.payout_batch_create(
        committee=committee, decisions=[decision], payment_date=TOMORROW, by=officer
    )
    services.payout_batch_transition(batch=batch, to_status="sent", by=officer)
    services.payout_batch_transition(batch=batch, to_status="paid", by=officer)
    assert figures() == (Decimal(30000), Decimal(0), Decimal(30000))
    second = _granted(call, officer, "5000")
    assert figures() == (Decimal(35000), Decimal(5000), Decimal(30000))
    services.instalment_cancel(instalment=second.instalments.get(), by=officer,
                               reason="Aktiviteten blev inte av.")  # fmt: skip
    assert figures() == (Decimal(35000), Decimal(0), Decimal(30000))


def test_another_municipalitys_money_keeps_the_budget(world, call):
    before = MONEY.current(world.x.pk)
    programme = GrantProgrammeFactory(committee=world.y.committees.get())
    _granted(CallFactory(programme=programme, budget=10**6), world.users["officer_y"])
    assert MONEY.current(world.x.pk) == before
    _granted(call, world.users["officer_x"])
    assert MONEY.current(world.x.pk) != before


# --- the paper application's start page ---------------------------------------------------


START = "admin:grants_application_paper_start"


def test_the_paper_start_page_searches_the_organisations(client, world, call):
    officer = world.users["officer_x"]
    mine = eligible_organisation(world.x)
    client.force_login(officer)
    url = reverse(START)
    client.get(url)  # warm-up
    few, response = _queries(client, url)
    for _ in range(8):
        eligible_organisation(world.x)
    many, response = _queries(client, url)
    assert len(many) == len(few), grown_queries(few, many)
    html = response.content.decode()
    assert f'data-ajax--url="{reverse("admin:autocomplete")}"' in html  # a search box
    assert mine.name not in html
    assert "admin/js/autocomplete.js" in html  # with its script

    chosen = client.get(url, {"organisation": mine.pk, "call": call.pk}).content.decode()
    assert f'<option value="{mine.pk}" selected>{mine.name}</option>' in chosen

    search = {"app_label": "grants", "model_name": "application", "field_name": "organisation"}
    found = client.get(reverse("admin:autocomplete"), {**search, "term": mine.name})
    assert found.status_code == 200
    assert [r["id"] for r in json.loads(found.content)["results"]] == [str(mine.pk)]
    theirs = eligible_organisation(world.y)
    found = client.get(reverse("admin:autocomplete"), {**search, "term": theirs.name})
    assert json.loads(found.content)["results"] == []  # only what the form accepts
    client.force_login(world.users["member"])
    assert client.get(reverse("admin:autocomplete"), {**search, "term": "a"}).status_code in (
        302, 403,
    )  # fmt: skip


@pytest.mark.parametrize("value", ["other", "1.5", "x\x00"])
def test_an_organisation_the_officer_may_not_choose_is_the_forms_error(client, world, call, value):
    theirs = eligible_organisation(world.y)
    posted = str(theirs.pk) if value == "other" else value
    client.force_login(world.users["officer_x"])
    response = client.post(reverse(START), {
        "call": call.pk, "organisation": posted,
        "received_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
    })  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"]
    assert not Application.objects.filter(organisation=theirs).exists()


def test_a_paper_application_is_still_started(client, world, call):
    organisation = eligible_organisation(world.x)
    client.force_login(world.users["officer_x"])
    response = client.post(reverse(START), {
        "call": call.pk, "organisation": organisation.pk,
        "received_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "reference": "Inkom per post",
    })  # fmt: skip
    application = Application.objects.get(organisation=organisation, call=call)
    assert response.status_code == 302
    assert response.url == reverse("admin:grants_application_paper", args=[application.pk])
    assert application.is_paper


def test_cancelling_a_batch_reads_the_same_queries_however_many_payouts(world, call):
    """Cancelling deletes the payouts, one signal each: the open data's drop must not ask
    the database for each payout's municipality."""
    officer = world.users["officer_x"]
    counts = []
    for extra in (1, 1, 7):  # the first also fills what any process keeps after one cancel
        batch = _batch(call, officer, 2)
        _add_payouts(batch, call, officer, extra)
        with CaptureQueriesContext(connection) as queries:
            services.payout_batch_transition(
                batch=batch, to_status=PayoutBatch.Status.CANCELLED, by=officer
            )
        counts.append(len(queries))
        assert not Payout.objects.filter(batch=batch).exists()
    assert counts[1] == counts[2], counts
