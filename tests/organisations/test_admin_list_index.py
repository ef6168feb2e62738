"""The admin's list of organisations at a large municipality's size: in name order both
ways (equal names by id), the same number of queries however many there are, and an order
PostgreSQL reads from the index (municipality, name, id) and stops at a page, instead of
sorting the municipality's 20 000 organisations for each page (bench/: 89 → 1 ms)."""

import re

import pytest
from django.db import connection, transaction
from django.urls import reverse

from organisations.models import Organisation
from tests.factories import OrganisationFactory
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db
LIST = reverse("admin:organisations_organisation_changelist")


def names(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return [(o.name, o.pk) for o in response.context["cl"].result_list]


def test_listed_by_name_both_ways_and_only_the_municipalitys(client, world):
    b = OrganisationFactory(municipality=world.x, name="Bandyklubben")
    a1 = OrganisationFactory(municipality=world.x, name="Akademiska kören")
    a2 = OrganisationFactory(municipality=world.x, name="Akademiska kören")
    OrganisationFactory(municipality=world.y, name="Aaa i Ekerö")
    client.force_login(world.users["officer_x"])
    listed = [row for row in names(client) if row[1] in {a1.pk, a2.pk, b.pk}]
    assert [name for name, _pk in listed] == ["Akademiska kören", "Akademiska kören",
                                              "Bandyklubben"]  # fmt: skip
    assert "Aaa i Ekerö" not in {name for name, _pk in names(client)}
    column = list(client.get(LIST).context["cl"].list_display).index("name")
    descending = [row for row in names(client, o=f"-{column}") if row[1] in {a1.pk, a2.pk, b.pk}]
    assert descending[0] == ("Bandyklubben", b.pk)


def test_no_more_queries_for_more_organisations(client, world):
    OrganisationFactory(municipality=world.x)
    client.force_login(world.users["officer_x"])

    def grow():
        for _ in range(5):
            OrganisationFactory(municipality=world.x)

    response = assert_constant_queries(client, LIST, grow)
    assert Organisation.objects.filter(municipality=world.x).count() <= len(
        response.context["cl"].result_list
    )


def plan(queryset) -> str:
    """EXPLAIN with sequential scans and whole sorts off: only an index that gives the
    order (an incremental sort within equal names at most) keeps the plan cheap."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        return queryset.explain()


def test_a_page_is_read_from_the_name_index_both_ways(client, world):
    for n in range(5):
        OrganisationFactory(municipality=world.x, name=f"Förening {n}")
    client.force_login(world.users["officer_x"])
    column = list(client.get(LIST).context["cl"].list_display).index("name")
    for order in ({}, {"o": str(column)}, {"o": f"-{column}"}):
        cl = client.get(LIST, order).context["cl"]
        text = plan(cl.queryset[:100])
        assert "org_municipality_name_idx" in text, text
        assert not re.search(r"^\s*(->\s+)?Sort  \(cost", text, re.MULTILINE), text  # no whole sort
