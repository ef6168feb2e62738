"""Decided grants as a public page and as 360Giving open data: the JSON package and the flat
CSV validate against the official 360Giving schema 1.4.3 (kept under schemas/, with its
source), the CSV holds the JSON's values under the standard's column titles, identifiers
begin with the municipality's own publisher prefix, ``dateModified`` follows the payout, no
rejected applications and no personal data."""

import csv
import io
import json
import re
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from grants import opendata
from grants import services as grant_services
from grants.models import Decision
from organisations import identity
from organisations.models import IdentityChange, Organisation, PayoutAccount
from tests.factories import CallFactory, GrantProgrammeFactory
from tests.grants.helpers import decide, eligible_organisation, submitted

pytestmark = pytest.mark.django_db
SCHEMA_DIR = Path(__file__).parent / "schemas" / "360giving-1.4.3"
SCHEMA_VERSION = "1.4"  # the major.minor of SCHEMA_DIR, which the package must name

# RFC 3339 date-times and absolute URIs, as the schema's "format" keywords ask: checked here
# with the standard library (jsonschema checks these formats only with optional packages,
# and without a check the schema's date-time-or-date choices match twice and fail).
FORMATS = FormatChecker(formats=())
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return bool(RFC3339.fullmatch(value))


@FORMATS.checks("uri")
def _uri(value) -> bool:
    return not isinstance(value, str) or bool(urlsplit(value).scheme and urlsplit(value).netloc)


def _schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def validator(name: str) -> Draft202012Validator:
    """A validator of the package or grant schema (draft 2020-12, which the schemas name
    as ``http://``); the package's reference to the grant schema, by its address, is
    answered by the file kept here."""
    grant = _schema("360-giving-schema.json")
    registry = Registry().with_resource(grant["$id"], DRAFT202012.create_resource(grant))
    return Draft202012Validator(_schema(name), registry=registry, format_checker=FORMATS)


def schema_errors(data, name="360-giving-package-schema.json") -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(name).iter_errors(data)
    ]


def csv_titles() -> dict[str, tuple]:
    """The flat column titles the grant schema defines -> where the value sits in a grant
    (``("recipientOrganization", 0, "id")`` for ``Recipient Org:Identifier``), and its type."""
    schema = _schema("360-giving-schema.json")

    def resolve(node):
        ref = node.get("$ref", "")
        return schema["$defs"][ref.rsplit("/", 1)[1]] if ref.startswith("#/$defs/") else node

    titles = {}
    for key, node in schema["properties"].items():
        node = resolve(node)
        if node.get("type") == "array" and "$ref" in node.get("items", {}) and "title" in node:
            for sub_key, sub in resolve(node["items"])["properties"].items():
                sub = resolve(sub)
                if "title" in sub:
                    titles[f"{node['title']}:{sub['title']}"] = ((key, 0, sub_key), sub)
        elif "title" in node:
            titles[node["title"]] = ((key,), node)
    return titles


def unflatten(row: dict) -> dict:
    """A CSV row back into a JSON grant by the schema's titles (empty cells left out)."""
    titles, record = csv_titles(), {}
    own = dict(opendata.ADDITIONAL_COLUMNS)  # the publisher's own columns, as the standard allows
    for title, text in row.items():
        if title in own:
            if text:
                key, _first, sub_key = own[title]
                record.setdefault(key, [{}])[0][sub_key] = text
            continue
        assert title in titles, f"{title!r} is no column of the 360Giving standard"
        if text == "":
            continue
        path, node = titles[title]
        value = float(text) if "number" in node.get("type", "string") else text
        if len(path) == 1:
            record[path[0]] = value
        else:  # the first item of an array: ("recipientOrganization", 0, "id")
            key, _first, sub_key = path
            record.setdefault(key, [{}])[0][sub_key] = value
    return record


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
    association.district = x.districts.create(name="Fisksätra", slug="fisksatra")
    association.save()
    group = Organisation.objects.create(
        municipality=x, kind="informal_group", name="Föräldragruppen Fisksätra",
        contact_name="Anna Andersson", contact_email="anna@example.se", status="approved",
    )  # fmt: skip
    officer = world.users["officer_x"]
    approved = submitted(call, "10000", organisation=association)
    decision = decide(approved, officer, amount="7500", outcome="partly_approved")
    informal = submitted(call, "3000", organisation=group)
    decide(informal, officer, amount="3000")
    rejected = submitted(call, "5000")
    decide(rejected, officer, amount="0", outcome="rejected")
    return {
        "approved": approved,
        "decision": decision,
        "informal": informal,
        "rejected": rejected,
        "group": group,
    }


def get_json(client, slug="nacka") -> dict:
    return json.loads(client.get(reverse("grants:granted_json", args=[slug])).getvalue())


def get_csv_rows(client, slug="nacka") -> list[dict]:
    content = client.get(reverse("grants:granted_csv", args=[slug])).getvalue().decode()
    return list(csv.DictReader(io.StringIO(content, newline="")))


def test_json_package_validates_against_the_360giving_schema(client, world, grants):
    data = get_json(client)
    assert schema_errors(data) == []
    assert data["version"] == SCHEMA_VERSION
    assert {"version", "publisher", "license", "issued", "modified", "grants"} <= data.keys()
    assert data["publisher"]["identifier"] == "SE-ON-2120000142"
    assert len(data["grants"]) == 2  # the rejected application is not a grant


def test_the_schema_check_catches_what_360giving_rejects(client, world, grants):
    """The check itself is real: the faults the standard names are reported."""
    data = get_json(client)
    data["version"] = "1.4.3"  # the package names major.minor only
    del data["grants"][0]["awardDate"]
    data["grants"][1]["fromOpenCall"] = "Ja"
    data["grants"][1]["dateModified"] = "2026-01-01 10:00"  # no T, no offset
    errors = schema_errors(data)
    assert any(e.startswith("version:") for e in errors), errors
    assert any(e.startswith("grants/0:") for e in errors), errors
    assert any(e.startswith("grants/1/fromOpenCall:") for e in errors), errors
    assert any(e.startswith("grants/1/dateModified:") for e in errors), errors


def test_json_identifiers_and_values(client, world, grants):
    data = get_json(client)
    prefix = f"{settings.OPEN_DATA_PREFIX}-{world.x.pk}"  # derived: no prefix of its own yet
    for record in data["grants"]:
        assert record["id"].startswith(prefix + "-")
        assert record["currency"] == "SEK"
        assert isinstance(record["amountAwarded"], float)
        assert record["fundingOrganization"] == [{"id": "SE-ON-2120000142", "name": "Nacka kommun"}]
        assert record["classifications"][0]["title"] == "Trygghet"
    by_amount = {r["amountAwarded"]: r for r in data["grants"]}
    # The identifier published before municipalities had prefixes of their own is kept.
    number = grants["approved"].diarienummer.replace(" ", "-").replace("/", "-")
    assert by_amount[7500.0]["id"] == f"360G-samverkan-{world.x.pk}-{number}"
    association = grants["approved"].organisation
    registered = by_amount[7500.0]["recipientOrganization"][0]
    assert registered == {"id": association.open_data_id, "name": association.name}
    assert registered["id"].startswith("SE-ON-")
    assert by_amount[7500.0]["amountAppliedFor"] == 10000.0
    assert by_amount[7500.0]["beneficiaryLocation"] == [{"name": "Fisksätra", "countryCode": "SE"}]
    informal = by_amount[3000.0]["recipientOrganization"][0]
    assert informal["id"] == f"{prefix}-org-{grants['group'].pk}"


def test_csv_validates_and_holds_the_json_values(client, world, grants):
    data = get_json(client)
    rows = get_csv_rows(client)
    assert {"From An Open Call?", "Beneficiary Location:Country Code"} <= rows[0].keys()
    records = [unflatten(row) for row in rows]  # every column is one of the standard's
    grant_schema = "360-giving-schema.json"
    for record in records:
        assert schema_errors(record, grant_schema) == []
    for record, full in zip(records, data["grants"], strict=True):
        assert record["fromOpenCall"] == "Yes"
        for key, value in record.items():
            if isinstance(value, list):  # the CSV holds the first item's values
                assert value[0].items() <= full[key][0].items(), key
            else:
                assert value == full[key], key
    by_amount = {r["amountAwarded"]: r for r in records}
    assert by_amount[7500.0]["beneficiaryLocation"] == [{"name": "Fisksätra", "countryCode": "SE"}]
    assert "beneficiaryLocation" not in by_amount[3000.0]  # no district: no location


def test_csv_matches_json_and_holds_no_personal_data(client, world, grants):
    data = get_json(client)
    content = client.get(reverse("grants:granted_csv", args=["nacka"])).getvalue().decode()
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


def test_each_municipality_publishes_under_its_own_prefix(client, world, grants):
    x, y = world.x, world.y
    x.open_data_prefix, y.open_data_prefix = "360G-nacka", "360G-ekero"
    x.save()
    y.save()
    call_y = CallFactory(
        programme=GrantProgrammeFactory(committee=y.committees.get()), budget=10**6
    )
    decide(submitted(call_y, "2000"), world.users["officer_y"], amount="2000")
    nacka, ekero = get_json(client, "nacka"), get_json(client, "ekero")
    assert schema_errors(nacka) == []
    assert schema_errors(ekero) == []
    assert nacka["publisher"]["prefix"] == "360G-nacka"
    assert ekero["publisher"]["prefix"] == "360G-ekero"
    assert all(g["id"].startswith("360G-nacka-") for g in nacka["grants"])
    assert [g["id"][:11] for g in ekero["grants"]] == ["360G-ekero-"]
    informal = {g["amountAwarded"]: g for g in nacka["grants"]}[3000.0]
    assert informal["recipientOrganization"][0]["id"] == f"360G-nacka-org-{grants['group'].pk}"
    # Ekerö has no organisation number: it is identified by its own prefix.
    assert ekero["grants"][0]["fundingOrganization"][0]["id"] == "360G-ekero"
    csv_ids = [row["Identifier"] for row in get_csv_rows(client, "ekero")]
    assert csv_ids == [g["id"] for g in ekero["grants"]]


def test_the_prefix_is_set_and_checked_in_the_municipality_admin(client, world):
    client.force_login(world.users["superuser"])
    url = reverse("admin:portal_municipality_change", args=[world.x.pk])
    assert 'name="open_data_prefix"' in client.get(url).content.decode()
    form = {
        "name": "Nacka kommun", "slug": "nacka", "municipality_code": "0182",
        "organisation_number": "", "website": "", "contact_email": "", "is_active": "on",
    }  # fmt: skip
    for wrong in ("nacka", "360G-", "360G-nacka/2", "360G nacka"):
        response = client.post(url, {**form, "open_data_prefix": wrong})
        assert response.status_code == 200, wrong
        assert "360G- följt av bokstäver eller siffror" in response.content.decode()
    world.y.open_data_prefix = "360G-ekero"
    world.y.save()
    taken = client.post(url, {**form, "open_data_prefix": "360G-ekero"})
    assert "En annan kommun publicerar redan med det här prefixet." in taken.content.decode()
    saved = client.post(url, {**form, "open_data_prefix": "360G-nacka_kommun"})
    assert saved.status_code == 302
    world.x.refresh_from_db()
    assert world.x.publisher_prefix == "360G-nacka_kommun"


def test_date_modified_follows_the_payout_and_the_recipients_identity(client, world, grants):
    application, decision = grants["approved"], grants["decision"]
    earlier = timezone.now() - timedelta(days=2)
    Decision.objects.filter(pk=decision.pk).update(decided_at=earlier)

    def record():
        data = get_json(client)
        found = [g for g in data["grants"] if g["amountAwarded"] == 7500.0]
        return data, found[0]

    data, before = record()
    assert "amountDisbursed" not in before
    assert before["dateModified"] == timezone.localtime(earlier).isoformat()
    officer = world.users["officer_x"]
    PayoutAccount.objects.create(
        organisation=application.organisation, method="bankgiro", number="5050-1055",
        account_holder=application.organisation.name,
    )  # fmt: skip
    decision.refresh_from_db()
    batch, refused = grant_services.payout_batch_create(
        committee=application.call.programme.committee, decisions=[decision],
        payment_date=timezone.localdate() + timedelta(days=1), by=officer,
    )  # fmt: skip
    assert refused == []
    grant_services.payout_batch_transition(batch=batch, to_status="sent", by=officer)
    _, sent = record()
    assert "amountDisbursed" not in sent  # sent to finance is not paid yet
    assert sent["dateModified"] == before["dateModified"]
    batch = grant_services.payout_batch_transition(batch=batch, to_status="paid", by=officer)
    data, paid = record()
    assert paid["amountDisbursed"] == 7500.0
    assert paid["dateModified"] == timezone.localtime(batch.paid_at).isoformat()
    assert data["modified"] == paid["dateModified"]  # the package's newest change
    assert schema_errors(data) == []
    csv_row = next(r for r in get_csv_rows(client) if r["Identifier"] == paid["id"])
    assert csv_row["Last Modified"] == paid["dateModified"]
    assert csv_row["Amount Disbursed"] == "7500.0"

    organisation = application.organisation
    change = IdentityChange.objects.create(
        organisation=organisation, name_before=organisation.name, name_after="Nytt namn IF",
        organisation_number_before=organisation.organisation_number,
        organisation_number_after=organisation.organisation_number,
        legal_form_before=organisation.legal_form, legal_form_after=organisation.legal_form,
    )  # fmt: skip
    identity.identity_change_approve(change=change, by=officer)
    change.refresh_from_db()
    _, renamed = record()
    assert renamed["recipientOrganization"][0]["name"] == "Nytt namn IF"
    assert renamed["dateModified"] == timezone.localtime(change.decided_at).isoformat()


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
    client.get(url)  # the new version's file is built (test_opendata_files.py)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
