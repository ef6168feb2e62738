"""The follow-up reports list at scale (issue 25): a report keeps its case's municipality and
call, so that the list is scoped and ordered on the report's own columns and its index
(municipality, due_on, id) gives a page without sorting every report of the municipality."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.models import FollowUpReport
from tests.factories import CallFactory, GrantProgrammeFactory
from tests.grants.helpers import decide, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(world):
    programme = GrantProgrammeFactory(committee=world.x.committees.get(), report_due_days=90)
    return CallFactory(programme=programme, budget=1_000_000)


def granted(call, officer, due_in):
    report = decide(submitted(call, amount="1000"), officer, amount="1000").reports.get()
    FollowUpReport.objects.filter(pk=report.pk).update(due_on=report.due_on + timedelta(due_in))
    return report


def test_a_report_keeps_its_cases_municipality_and_call(world, call):
    report = granted(call, world.users["officer_x"], 0)
    application = report.decision.application
    assert (report.municipality_id, report.call_id) == (world.x.pk, call.pk)
    assert (application.municipality_id, application.call_id) == (world.x.pk, call.pk)
    # a report made without them (a fixture, a script) takes them from its decision
    FollowUpReport.objects.filter(pk=report.pk).delete()
    again = FollowUpReport.objects.create(decision=report.decision, due_on=report.due_on)
    assert (again.municipality_id, again.call_id) == (world.x.pk, call.pk)


def test_the_list_is_scoped_and_ordered_on_the_reports_own_columns(client, world, call):
    officer = world.users["officer_x"]
    later, sooner = granted(call, officer, 30), granted(call, officer, 10)
    url = reverse("admin:grants_followupreport_changelist")
    client.force_login(officer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert list(response.context["cl"].result_list) == [sooner, later]
    page = next(q["sql"] for q in queries
                if q["sql"].startswith('SELECT "grants_followupreport"."id"'))  # fmt: skip
    where = page.split(" WHERE ", 1)[1].split(" ORDER BY ", 1)[0]
    assert '"grants_followupreport"."municipality_id"' in where
    assert "grants_application" not in where  # not a join to the case for the scope
    client.force_login(world.users["officer_y"])  # another municipality's officer
    assert list(client.get(url).context["cl"].result_list) == []


def test_the_page_can_be_read_from_the_index_in_order(client, world, call):
    officer = world.users["officer_x"]
    granted(call, officer, 1)
    client.force_login(officer)
    queryset = client.get(reverse("admin:grants_followupreport_changelist")).context["cl"].queryset
    with connection.cursor() as cursor:  # as PostgreSQL would with many rows
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    assert "report_muni_due_idx" in queryset[:100].explain()
