"""The collaborations' open data is a file built once per version of what it shows, per
language, kept through the storage API and streamed from there (#25: the largest
municipality's 1 700 public collaborations took 3–4 s a download): the same content as
when it was made per request, a fixed number of queries however many collaborations, and
every change to what it shows is seen at once (``collaborations.opendata_signals``)."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from collaborations import opendata
from collaborations.models import Collaboration, OutsidePartner
from collaborations.queries_public import public_collaborations, with_public_details
from portal.links import absolute_reverse
from tests.collaborations.helpers import recorded
from tests.factories import OrganisationFactory
from tests.query_counts import grown_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def shown(collab):
    """Two public collaborations of Nacka with partners, one of Ekerö."""
    first = recorded(
        collab, title="Nattvandring", is_public=True, description="Fredagskvällar.",
        focus_areas=[collab.focus_area], districts=[collab.district],
        partners=[collab.organisation, collab.organisation_2],
        outside_partners=[("police", "Polisen Nacka"), ("region", "Region Stockholm")],
        starts_on=timezone.localdate() - timedelta(days=10),
    )  # fmt: skip
    second = recorded(
        collab, title="Dialogforum", is_public=True, kind=Collaboration.Kind.DIALOGUE,
        level=Collaboration.Level.STRATEGIC, by=collab.social_officer,
        administration=collab.social,
    )  # fmt: skip
    recorded(collab, title="Internt", is_public=False)
    Collaboration.objects.create(
        municipality=collab.other, title="Ekerös samarbete", kind="other", level="operational",
        is_public=True, status="active",
    )  # fmt: skip
    return [first, second]


def _url(collab, kind, language="sv"):
    with translation.override(language):
        return reverse(f"collaborations:open_data_{kind}", args=[collab.municipality.slug])


def _body(response) -> str:
    assert response.status_code == 200
    return response.getvalue().decode()


def _json(client, collab, language="sv") -> dict:
    return json.loads(_body(client.get(_url(collab, "json", language))))


def _csv(client, collab, language="sv") -> list[dict]:
    return list(csv.DictReader(io.StringIO(_body(client.get(_url(collab, "csv", language))))))


def _as_before(municipality) -> list[dict]:
    """The records as the per-request build made them (the public pages' rows and
    prefetches, the model's display methods, a link reversed per record)."""
    prefix = municipality.publisher_prefix
    rows = with_public_details(public_collaborations(municipality)).order_by("pk")
    return [
        {
            "id": f"{prefix}-collaboration-{c.pk}",
            "title": c.title,
            "description": c.description,
            "kind": c.kind,
            "kindLabel": str(c.get_kind_display()),
            "level": c.level,
            "levelLabel": str(c.get_level_display()),
            "status": c.status,
            "statusLabel": str(c.get_status_display()),
            "startDate": c.starts_on.isoformat() if c.starts_on else None,
            "endDate": c.ends_on.isoformat() if c.ends_on else None,
            "administration": c.administration.name if c.administration_id else None,
            "classifications": [
                {"vocabulary": "samverkan-focus-area", "code": a.slug, "title": a.name}
                for a in c.focus_areas.all()
            ],
            "districts": [d.name for d in c.districts.all()],
            "partnerOrganizations": [
                {"id": o.open_data_id or f"{prefix}-org-{o.pk}", "name": o.name}
                for o in c.partners.all()
            ],
            "outsidePartners": [
                {"name": p.name, "kind": p.kind, "kindLabel": str(p.get_kind_display())}
                for p in c.outside_partners.all()
            ],
            "dateModified": timezone.localtime(c.updated_at).isoformat(),
            "url": absolute_reverse("collaborations:public_detail", args=[municipality.slug, c.pk]),
        }
        for c in rows
    ]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_files_hold_what_the_per_request_build_held(client, collab, shown, language):
    informal = OrganisationFactory(municipality=collab.municipality, informal=True, name="Gruppen")
    shown[1].partners.add(informal)
    package = _json(client, collab, language)
    with translation.override(language):
        expected = _as_before(collab.municipality)
    assert package["collaborations"] == expected
    assert package["publisher"]["name"] == collab.municipality.name
    rows = _csv(client, collab, language)
    assert [r["Identifier"] for r in rows] == [r["id"] for r in expected]
    assert [r["Kind"] for r in rows] == [r["kindLabel"] for r in expected]
    assert [r["URL"] for r in rows] == [r["url"] for r in expected]
    assert rows[0]["Partner Org:Names"] == "; ".join(
        p["name"] for p in expected[0]["partnerOrganizations"]
    )
    labels = {r["kindLabel"] for r in expected}
    assert ("Dialogforum" in labels) == (language == "sv")  # each language its own file


def test_built_once_and_served_in_one_query_however_many(client, collab, shown):
    url = _url(collab, "json")
    client.get(url)  # warm-up
    cache.clear()  # a new version: built anew
    with CaptureQueriesContext(connection) as few_built:
        _body(client.get(url))
    with CaptureQueriesContext(connection) as served:
        _body(client.get(url))
    assert len(served) == 1  # the municipality: the file is streamed as stored
    for n in range(4):
        recorded(
            collab, title=f"Samarbete {n}", is_public=True, focus_areas=[collab.focus_area],
            partners=[OrganisationFactory(municipality=collab.municipality)],
            outside_partners=[("region", f"Region {n}")],
        )  # fmt: skip
    cache.clear()
    with CaptureQueriesContext(connection) as many_built:
        package = json.loads(_body(client.get(url)))
    assert len(many_built) == len(few_built), grown_queries(few_built, many_built)
    assert len(package["collaborations"]) == 6


def test_a_change_shows_at_once(client, collab, shown):
    first = shown[0]
    assert len(_json(client, collab)["collaborations"]) == 2

    first.title = "Nattvandring i Fisksätra"
    first.save()
    assert _json(client, collab)["collaborations"][0]["title"] == "Nattvandring i Fisksätra"

    partner = OrganisationFactory(municipality=collab.municipality, name="Scouterna")
    first.partners.add(partner)
    names = [p["name"] for p in _json(client, collab)["collaborations"][0]["partnerOrganizations"]]
    assert "Scouterna" in names

    partner.name = "Scoutkåren"
    partner.save()
    OutsidePartner.objects.create(collaboration=first, kind="company", name="Bolaget AB")
    collab.culture.name = "Kulturförvaltningen"
    collab.culture.save()
    collab.focus_area.name = "Trygghet och säkerhet"
    collab.focus_area.save()
    record = _json(client, collab)["collaborations"][0]
    assert "Scoutkåren" in [p["name"] for p in record["partnerOrganizations"]]
    assert "Bolaget AB" in [p["name"] for p in record["outsidePartners"]]
    assert record["administration"] == "Kulturförvaltningen"
    assert record["classifications"][0]["title"] == "Trygghet och säkerhet"

    first.partners.remove(partner)
    shown[1].is_public = False
    shown[1].save()
    rows = _csv(client, collab)
    assert [r["Title"] for r in rows] == ["Nattvandring i Fisksätra"]
    assert "Scoutkåren" not in rows[0]["Partner Org:Names"]

    first.delete()
    assert _json(client, collab)["collaborations"] == []


def test_unrelated_changes_keep_the_file(client, collab, shown):
    _body(client.get(_url(collab, "csv")))
    before = opendata.FILES.version(collab.municipality.pk)
    collab.organisation.contact_name = "Ny kontakt"
    collab.organisation.save(update_fields=["contact_name"])  # not in the file
    Collaboration.objects.create(
        municipality=collab.other, title="Ekerö igen", kind="other", level="operational",
        is_public=True, status="active",
    )  # fmt: skip
    assert opendata.FILES.version(collab.municipality.pk) == before
    with CaptureQueriesContext(connection) as served:
        _body(client.get(_url(collab, "csv")))
    assert len(served) == 1
    collab.organisation.name = "Nytt namn"
    collab.organisation.save(update_fields=["name"])
    assert opendata.FILES.version(collab.municipality.pk) != before


def test_a_change_drops_the_version_again_when_it_commits(
    collab, shown, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        shown[0].title = "Ändrad"
        shown[0].save()
        built_meanwhile = opendata.FILES.version(collab.municipality.pk)
    assert callbacks
    assert opendata.FILES.version(collab.municipality.pk) != built_meanwhile


def test_a_version_lasts_the_day_at_most():
    seconds = opendata.until_midnight()
    assert 0 < seconds <= 24 * 3600 + 1
    midnight = timezone.localtime() + timedelta(seconds=seconds)
    assert (midnight.hour, midnight.minute) == (0, 0)


def test_the_downloads_keep_their_headers(client, collab, shown):
    response = client.get(_url(collab, "csv"))
    assert response["Content-Disposition"] == 'attachment; filename="samverkan-nacka.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    json_response = client.get(_url(collab, "json"))
    assert json_response["Content-Type"] == "application/json"
    assert json_response["Access-Control-Allow-Origin"] == "*"
