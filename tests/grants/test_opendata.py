"""Decided grants as a public page and as 360Giving open data: the required fields of the
standard, identifiers (SE-ON-…, 360G-… for unregistered groups), CSV equal to JSON, no
rejected applications and no personal data."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from organisations.models import Organisation
from tests.factories import CallFactory, GrantProgrammeFactory
from tests.grants.helpers import decide, eligible_organisation, submitted

pytestmark = pytest.mark.django_db
REQUIRED = {"id", "title", "description", "currency", "amountAwarded", "awardDate",
            "recipientOrganization", "fundingOrganization"}  # fmt: skip


@pytest.fixture
def grants(world):
    x = world.x
    x.organisation_number = "212000-0142"
    x.save()
    area = x.focusareas.get(slug="trygghet")
    call = CallFactory(programme=GrantProgrammeFactory(committee=x.committees.get(),
                                                       informal_groups_allowed=True),
                       focus_area=area, budget=10**6)  # fmt: skip
    association = eligible_organisation(x)
    group = Organisation.objects.create(
        municipality=x, kind="informal_group", name="Föräldragruppen Fisksätra",
        contact_name="Anna Andersson", contact_email="anna@example.se", status="approved",
    )  # fmt: skip
    officer = world.users["officer_x"]
    approved = submitted(call, "10000", organisation=association)
    decide(approved, officer, amount="7500", outcome="partly_approved")
    informal = submitted(call, "3000", organisation=group)
    decide(informal, officer, amount="3000")
    rejected = submitted(call, "5000")
    decide(rejected, officer, amount="0", outcome="rejected")
    return {"approved": approved, "informal": informal, "rejected": rejected, "group": group}


def test_json_package_has_the_required_fields_and_identifiers(client, world, grants):
    data = json.loads(client.get(reverse("grants:granted_json", args=["nacka"])).content)
    assert {"version", "publisher", "license", "issued", "modified", "grants"} <= data.keys()
    assert len(data["grants"]) == 2  # the rejected application is not a grant
    for record in data["grants"]:
        assert record.keys() >= REQUIRED
        assert record["id"].startswith("360G-samverkan-")
        assert record["currency"] == "SEK"
        assert isinstance(record["amountAwarded"], float)
        for org in record["recipientOrganization"] + record["fundingOrganization"]:
            assert org["id"]
            assert org["name"]
        assert record["fundingOrganization"] == [{"id": "SE-ON-2120000142", "name": "Nacka kommun"}]
        assert record["classifications"][0]["title"] == "Trygghet"
    by_amount = {r["amountAwarded"]: r for r in data["grants"]}
    association = grants["approved"].organisation
    registered = by_amount[7500.0]["recipientOrganization"][0]
    assert registered == {"id": association.open_data_id, "name": association.name}
    assert registered["id"].startswith("SE-ON-")
    assert by_amount[7500.0]["amountAppliedFor"] == 10000.0
    informal = by_amount[3000.0]["recipientOrganization"][0]
    assert informal["id"] == f"360G-samverkan-org-{grants['group'].pk}"


def test_csv_matches_json_and_holds_no_personal_data(client, world, grants):
    data = json.loads(client.get(reverse("grants:granted_json", args=["nacka"])).content)
    content = client.get(reverse("grants:granted_csv", args=["nacka"])).content.decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [r["Identifier"] for r in rows] == [g["id"] for g in data["grants"]]
    assert [Decimal(r["Amount Awarded"]) for r in rows] == [
        Decimal(str(g["amountAwarded"])) for g in data["grants"]]  # fmt: skip
    page = client.get(reverse("grants:granted", args=["nacka"])).content.decode()
    for text in (content, json.dumps(data, ensure_ascii=False), page):
        assert "Anna Andersson" not in text
        assert "anna@example.se" not in text
        assert grants["rejected"].organisation.name not in text
    assert "Föräldragruppen Fisksätra" in page


def test_page_query_count_is_constant(client, world, grants):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("grants:granted_json", args=["nacka"])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    call = grants["approved"].call
    for _ in range(6):
        decide(submitted(call, "100"), world.users["officer_x"], amount="100")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
