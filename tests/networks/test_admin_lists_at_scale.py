"""The actions list at scale (issue 25): its order within a municipality is an index
(municipality, due_on, id), so a page is read in order instead of joining every action of
the municipality to its relations and sorting them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from networks.models import Action
from tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db


def test_the_actions_page_is_read_from_the_index_in_order(client, world):
    network = NetworkFactory(municipality=world.x)
    coordinator = world.users["coordinator_x"]
    today = timezone.localdate()
    later, sooner = (
        Action.objects.create(municipality=world.x, network=network, title=title,
                              due_on=today + timedelta(days), owner_officer=coordinator)
        for title, days in (("Senare", 9), ("Snart", 2))
    )  # fmt: skip
    client.force_login(coordinator)
    changelist = client.get(reverse("admin:networks_action_changelist")).context["cl"]
    assert list(changelist.result_list) == [sooner, later]
    with connection.cursor() as cursor:  # as PostgreSQL would with many rows
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    assert "action_muni_due_idx" in changelist.queryset[:100].explain()
