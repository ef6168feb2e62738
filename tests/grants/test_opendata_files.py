"""The published grants are files built once per version and served from the storage, and
the public page's count and pages are cached per version (``grants.opendata``): a fixed
number of queries however many grants, and every change to what they show is seen at
once (``grants.opendata_signals``)."""

import csv
import io
import json

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants import opendata
from grants.models import Decision
from tests.factories import CallFactory, GrantProgrammeFactory
from tests.grants.helpers import decide, eligible_organisation, submitted
from tests.query_counts import grown_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(world):
    area = world.x.focusareas.get(slug="trygghet")
    return CallFactory(
        programme=GrantProgrammeFactory(committee=world.x.committees.get(), name="Föreningsstöd"),
        focus_area=area,
        budget=10**7,
        title="Stöd 2026",
    )


def _grant(call, officer, amount="1000"):
    application = submitted(call, amount)
    decide(application, officer, amount=amount)
    return application


def _body(response) -> str:
    assert response.status_code == 200
    return response.getvalue().decode()


def _counts(client, url) -> tuple[int, int, str]:
    """(queries building, queries served as stored, the body)."""
    cache.clear()  # a new version: built anew
    with CaptureQueriesContext(connection) as built:
        body = _body(client.get(url))
    with CaptureQueriesContext(connection) as served:
        assert _body(client.get(url)) == body
    return built, served, body


@pytest.mark.parametrize("name", ["grants:granted", "grants:granted_json", "grants:granted_csv"])
def test_query_counts_do_not_grow_with_the_grants(client, world, call, name):
    url = reverse(name, args=[world.x.slug])
    officer = world.users["officer_x"]
    _grant(call, officer).focus_areas.add(world.x.focusareas.get())
    client.get(url)  # warm-up
    few_built, few_served, _ = _counts(client, url)
    for _ in range(12):
        _grant(call, officer).focus_areas.add(world.x.focusareas.get())
    many_built, many_served, body = _counts(client, url)
    assert len(many_built) == len(few_built), grown_queries(few_built, many_built)
    assert len(many_served) == len(few_served), grown_queries(few_served, many_served)
    if name == "grants:granted":
        assert body.count("<td>Trygghet</td>") == 13
        assert len(few_served) <= 3  # the municipality, the page's grants, their focus areas
    else:
        assert len(few_served) == 1  # the municipality: the file is served as stored
    if name == "grants:granted_json":
        assert len(json.loads(body)["grants"]) == 13
    if name == "grants:granted_csv":
        assert len(list(csv.DictReader(io.StringIO(body)))) == 13


def _everything(client, world) -> tuple[str, dict, list[dict]]:
    slug = world.x.slug
    page = _body(client.get(reverse("grants:granted", args=[slug])))
    package = json.loads(_body(client.get(reverse("grants:granted_json", args=[slug]))))
    rows = list(csv.DictReader(io.StringIO(_body(client.get(reverse("grants:granted_csv",
                                                                      args=[slug]))))))  # fmt: skip
    return page, package, rows


def test_a_change_shows_at_once_everywhere(client, world, call):
    officer = world.users["officer_x"]
    application = _grant(call, officer, amount="1000")
    page, package, rows = _everything(client, world)
    assert "1 grant" in page or "1 bidrag" in page
    assert [g["amountAwarded"] for g in package["grants"]] == [1000.0]

    # a new decision
    second = _grant(call, officer, amount="2500")
    page, package, rows = _everything(client, world)
    assert "2 bidrag" in page or "2 grants" in page
    assert sorted(g["amountAwarded"] for g in package["grants"]) == [1000.0, 2500.0]
    assert len(rows) == 2

    # a decision changed
    decision = Decision.objects.get(application=second)
    decision.amount = 3000
    decision.save(update_fields=["amount"])
    page, package, rows = _everything(client, world)
    assert sorted(g["amountAwarded"] for g in package["grants"]) == [1000.0, 3000.0]
    assert "3\xa0000" in page or "3 000" in page

    # the recipient, its district, the programme, the call, the focus area, the municipality
    organisation = application.organisation
    organisation.name = "Omdöpta föreningen"
    organisation.district = world.x.districts.create(name="Saltsjöbaden", slug="saltsjobaden")
    organisation.save()
    programme = call.programme
    programme.name = "Nytt programnamn"
    programme.save()
    call.title = "Ny utlysning"
    call.save()
    area = world.x.focusareas.get(slug="trygghet")
    application.focus_areas.add(area)
    page, package, rows = _everything(client, world)
    assert "Omdöpta föreningen" in page
    assert "Nytt programnamn" in page
    assert "<td>Trygghet</td>" in page
    mine = next(g for g in package["grants"] if g["amountAwarded"] == 1000.0)
    assert mine["recipientOrganization"][0]["name"] == "Omdöpta föreningen"
    assert mine["beneficiaryLocation"][0]["name"] == "Saltsjöbaden"
    assert mine["title"] == "Nytt programnamn: Ny utlysning"
    assert mine["classifications"][0]["code"] == "trygghet"
    area.name = "Trygghet och säkerhet"
    area.save()
    district = organisation.district
    district.name = "Saltsjöbaden centrum"
    district.save()
    world.x.name = "Nacka stad"
    world.x.save()
    page, package, rows = _everything(client, world)
    assert "Trygghet och säkerhet" in page
    assert package["publisher"]["name"] == "Nacka stad"
    mine = next(g for g in package["grants"] if g["amountAwarded"] == 1000.0)
    assert mine["classifications"][0]["title"] == "Trygghet och säkerhet"
    assert mine["beneficiaryLocation"][0]["name"] == "Saltsjöbaden centrum"
    assert {r["Funding Org:Name"] for r in rows} == {"Nacka stad"}

    # a decision removed
    Decision.objects.get(application=second).delete()
    page, package, rows = _everything(client, world)
    assert [g["amountAwarded"] for g in package["grants"]] == [1000.0]
    assert len(rows) == 1


def test_another_municipalitys_change_keeps_the_files(client, world, call):
    officer = world.users["officer_x"]
    _grant(call, officer)
    url = reverse("grants:granted_json", args=[world.x.slug])
    _body(client.get(url))
    before = opendata.version(world.x.pk)
    eligible_organisation(world.y)  # an organisation of Ekerö
    world.y.save()
    assert opendata.version(world.x.pk) == before
    with CaptureQueriesContext(connection) as served:
        _body(client.get(url))
    assert len(served) == 1


def test_a_change_drops_the_version_again_when_it_commits(
    client, world, call, django_capture_on_commit_callbacks
):
    """A request that built the files between the change and its commit read the data from
    before: the commit drops the version it stored them under."""
    officer = world.users["officer_x"]
    application = _grant(call, officer)
    organisation = application.organisation
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        organisation.name = "Nytt namn"
        organisation.save()
        built_meanwhile = opendata.version(world.x.pk)
    assert callbacks  # the drop when the change commits
    assert opendata.version(world.x.pk) != built_meanwhile


def test_drafts_and_cases_in_progress_keep_the_files(client, world, call):
    organisation = _grant(call, world.users["officer_x"]).organisation
    other_call = CallFactory(programme=call.programme, focus_area=call.focus_area, budget=10**6)
    _body(client.get(reverse("grants:granted_csv", args=[world.x.slug])))
    before = opendata.version(world.x.pk)
    application = submitted(other_call, "500", organisation)  # started, submitted, amount
    application.focus_areas.add(world.x.focusareas.get())
    assert opendata.version(world.x.pk) == before


def test_older_versions_files_are_removed(client, world, call):
    officer = world.users["officer_x"]
    _grant(call, officer)
    for kind in ("json", "csv"):
        _body(client.get(reverse(f"grants:granted_{kind}", args=[world.x.slug])))
    folder = f"opendata/{world.x.pk}/"
    first = set(default_storage.listdir(folder)[1])
    assert len(first) == 2
    _grant(call, officer)
    _body(client.get(reverse("grants:granted_json", args=[world.x.slug])))
    now = set(default_storage.listdir(folder)[1])
    assert len(now) == 1
    assert not now & first
    assert next(iter(now)).startswith(opendata.version(world.x.pk))


def test_the_csv_is_an_attachment_any_site_may_read(client, world, call):
    _grant(call, world.users["officer_x"])
    response = client.get(reverse("grants:granted_csv", args=[world.x.slug]))
    assert response["Content-Disposition"] == 'attachment; filename="360giving-nacka.csv"'
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    json_response = client.get(reverse("grants:granted_json", args=[world.x.slug]))
    assert json_response["Content-Type"] == "application/json"
    assert json_response["Access-Control-Allow-Origin"] == "*"
