"""The officers' queue sorted by days waiting and searched, through the admin's own list:
the right cases in the right order, the same number of queries however many cases, and
queries PostgreSQL can answer from the indexes made for them (the sort walks
application_queue_waiting_idx; the search's lookups use the trigram indexes).

The trigram indexes exist only where the server offers pg_trgm (portal.trigram): CI runs
this file on the machine's PostgreSQL, which has it, and on the embedded development
server, which has not; there the same searches must find the same cases without them."""

import re
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.models import Value
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.models import Application
from grants.selectors import queue
from organisations.models import Organisation
from portal.trigram import trigram_available, trigram_installed
from tests.factories import CallFactory, GrantProgrammeFactory, MembershipFactory
from tests.grants.helpers import eligible_organisation, submitted
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:grants_application_changelist")


@pytest.fixture
def call(world):
    return CallFactory(
        programme=GrantProgrammeFactory(committee=world.x.committees.get()), budget=10**7
    )


def waiting_days_ago(application, days):
    """Backdate the case's submission (its timeline and the kept waiting since alike)."""
    at = timezone.now() - timedelta(days=days)
    application.events.filter(to_status="submitted").update(created_at=at)
    Application.objects.filter(pk=application.pk).update(waiting_since=at)


def days_column(client):
    return list(client.get(QUEUE).context["cl"].list_display).index("days_waiting")


def listed(client, **params):
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    cl = response.context["cl"]
    return [(c.pk, cl.model_admin.days_waiting(c)) for c in cl.result_list]


def test_sorted_by_days_waiting_both_ways(client, world, call):
    officer = world.users["officer_x"]
    old, middle, new = (submitted(call) for _ in range(3))
    for case, days in ((old, 30), (middle, 10), (new, 2)):
        waiting_days_ago(case, days)
    client.force_login(officer)
    column = days_column(client)
    assert listed(client, o=str(column)) == [(old.pk, 30), (middle.pk, 10), (new.pk, 2)]
    assert listed(client, o=f"-{column}") == [(new.pk, 2), (middle.pk, 10), (old.pk, 30)]


def test_a_resubmitted_case_waits_from_its_new_submission(client, world, call):
    officer = world.users["officer_x"]
    first, second = submitted(call), submitted(call)
    waiting_days_ago(first, 20)
    waiting_days_ago(second, 5)
    client.force_login(officer)
    client.post(
        reverse("admin:grants_application_completion", args=[first.pk]),
        {"message": "Bifoga budgeten."},
    )
    column = days_column(client)
    rows = dict(listed(client, o=str(column)))
    assert rows[first.pk] == "–"  # the municipality's clock stops while the applicant works
    member = MembershipFactory(organisation=first.organisation).user
    client.force_login(member)
    client.post(reverse("grants:application", args=[first.pk]), {"action": "submit"})
    client.force_login(officer)
    assert listed(client, o=str(column)) == [(second.pk, 5), (first.pk, 0)]


def test_sorted_queue_reads_no_more_queries_for_more_cases(client, world, call):
    officer = world.users["officer_x"]
    submitted(call)
    client.force_login(officer)
    column = days_column(client)

    def grow():
        for days in (3, 9, 27):
            waiting_days_ago(submitted(call), days)

    response = assert_constant_queries(client, QUEUE, grow, data={"o": f"-{column}"})
    assert len(response.context["cl"].result_list) == 4


# --- search ----------------------------------------------------------------------------------


def named(call, name):
    organisation = eligible_organisation(call.programme.committee.municipality)
    Organisation.objects.filter(pk=organisation.pk).update(name=name)
    return submitted(call, organisation=Organisation.objects.get(pk=organisation.pk))


@pytest.fixture(params=["few", "many"])
def threshold(request, monkeypatch):
    """Both ways of looking names up: by the organisations' ids (few names match), and as
    a subquery (more than ``FEW_ORGANISATIONS`` match; lowered here to 1)."""
    if request.param == "many":
        monkeypatch.setattr(queue, "FEW_ORGANISATIONS", 1)
    return request.param


def test_search_by_name_and_diarienummer(client, world, call, threshold):
    officer = world.users["officer_x"]
    chess = named(call, "Schackklubben Löparen")
    chess_too = named(call, "Löparens schackvänner")
    scouts = named(call, "Scoutkåren Björnen")
    elsewhere = named(
        CallFactory(programme=GrantProgrammeFactory(committee=world.y.committees.get())),
        "Schackklubben i Ekerö",
    )  # another municipality's: never found
    client.force_login(officer)

    def found(term):
        return {pk for pk, _days in listed(client, q=term)}

    assert found("schack") == {chess.pk, chess_too.pk}
    assert found("SCHACK löparen") == {chess.pk, chess_too.pk}  # every word, any case
    assert found('"klubben Löparen"') == {chess.pk}  # a quoted phrase is one word
    assert found("björn") == {scouts.pk}
    number = scouts.diarienummer  # e.g. "KFN 2026/3"
    assert found(number.lower()) == {scouts.pk}
    assert found("ekerö") == set()
    assert elsewhere.pk not in found("schack")
    assert found("ingenting") == set()


def test_search_reads_no_more_queries_for_more_cases(client, world, call, threshold):
    officer = world.users["officer_x"]
    named(call, "Schackklubben Löparen")
    named(call, "Schackklubben Springaren")
    client.force_login(officer)

    def grow():
        for n in range(4):
            named(call, f"Schackklubben {n}")
        for n in range(3):
            named(call, f"Dansföreningen {n}")

    response = assert_constant_queries(client, QUEUE, grow, data={"q": "schack"})
    assert len(response.context["cl"].result_list) == 6


# --- the plans: what the indexes are for -----------------------------------------------------


def plan(queryset, *settings) -> str:
    """EXPLAIN of ``queryset`` with the planner's ``settings`` off: with sequential scans and
    sorts off, only a plan that an index can give in order is cheap."""
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in settings:
            cursor.execute(f"SET LOCAL {setting} = off")
        return queryset.explain()


def test_the_sort_by_days_waiting_walks_its_index(client, world, call):
    for days in (1, 2, 3):
        waiting_days_ago(submitted(call), days)
    client.force_login(world.users["officer_x"])
    column = days_column(client)
    for order in (str(column), f"-{column}"):
        cl = client.get(QUEUE, {"o": order}).context["cl"]
        text = plan(cl.queryset[:100], "enable_seqscan", "enable_sort")
        assert "application_queue_waiting_idx" in text, text
        assert not re.search(r"^\s*(->\s+)?Sort  \(cost", text, re.MULTILINE), text  # no whole sort


def plan_with_only(queryset, table: str, keep: set[str]) -> str:
    """EXPLAIN of ``queryset`` as if ``table`` had only the indexes ``keep`` (and those of
    its constraints): the others are dropped in a transaction rolled back. A test data set
    is too small for the planner to prefer an index, so this asks whether it can use it:
    whether the index is on the very expression the query says."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.indexname FROM pg_indexes i
               WHERE i.tablename = %s AND NOT EXISTS (
                   SELECT 1 FROM pg_constraint c
                   WHERE c.conindid = (quote_ident(i.indexname))::regclass)""",
            [table],
        )
        for (name,) in cursor.fetchall():
            if name not in keep:
                cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET LOCAL enable_seqscan = off")
        text = queryset.explain()
        transaction.set_rollback(True)
    return text


TRIGRAM_INDEXES = {"org_name_trigram_idx", "application_dnr_trigram_idx"}


def test_the_trigram_indexes_exist_exactly_where_the_server_has_pg_trgm():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)",
                       [list(TRIGRAM_INDEXES)])  # fmt: skip
        made = {name for (name,) in cursor.fetchall()}
    offered = trigram_available(connection)
    assert trigram_installed(connection) is offered
    assert made == (TRIGRAM_INDEXES if offered else set())


def test_the_search_lookups_can_use_the_trigram_indexes(world, call):
    named(call, "Schackklubben Löparen")
    named(call, "Tennisklubben")
    names = Organisation.objects.filter(name__icontains="löpar").values("pk")
    assert list(names.values_list("name", flat=True)) == ["Schackklubben Löparen"]
    numbers = Application.objects.filter(diarienummer_search__contains=Upper(Value("2026/1")))
    assert numbers.count() == Application.objects.filter(diarienummer__contains="2026/1").count()
    if not trigram_installed(connection):
        return  # no index to ask about: the lookups above read the table instead
    text = plan_with_only(names, "organisations_organisation", {"org_name_trigram_idx"})
    assert "Bitmap Index Scan on org_name_trigram_idx" in text, text
    text = plan_with_only(numbers.values("pk"), "grants_application",
                          {"application_dnr_trigram_idx"})  # fmt: skip
    assert "Bitmap Index Scan on application_dnr_trigram_idx" in text, text


def test_few_names_are_looked_up_through_the_cases_indexes(world, call):
    """A word in few names: the condition on the cases is one that the organisation's index
    and the diarienummer's trigram index answer together (a BitmapOr), so the queue's page
    and its count read the matching cases only, not every case of the municipality."""
    named(call, "Schackklubben Löparen")
    for _ in range(3):
        submitted(call)
    found = queue.queue_search(
        Application.objects.all(), organisations=Organisation.objects.all(), search_term="löparen"
    )
    assert found.count() == 1
    if not trigram_installed(connection):
        return  # the plan below needs the diarienummer's trigram index
    organisation_index = _organisation_index()
    text = plan_with_only(found.values("pk"), "grants_application",
                          {"application_dnr_trigram_idx", organisation_index})  # fmt: skip
    assert "BitmapOr" in text, text
    assert "Bitmap Index Scan on application_dnr_trigram_idx" in text, text
    assert f"Bitmap Index Scan on {organisation_index}" in text, text


def _organisation_index() -> str:
    """The index Django made for the case's organisation (a foreign key's, named by hash)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'grants_application' "
            "AND indexdef LIKE '%%(organisation_id)'"
        )
        return cursor.fetchone()[0]


def test_services_submit_keeps_waiting_since(world, call):
    """The service path the applicant's page uses: the kept value equals the event's time."""
    application = submitted(call)
    services.application_transition(
        application=application,
        to_status=Application.Status.UNDER_REVIEW,
        by=world.users["officer_x"],
    )
    application.refresh_from_db()
    event = application.events.get(to_status="submitted")
    assert application.waiting_since == event.created_at
