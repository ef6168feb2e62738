"""The public pages of a municipality's collaborations and their open data: only what the
municipality marked public, no personal data, partners with their SE-ON identifiers."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from collaborations.models import Collaboration
from tests.collaborations.helpers import recorded
from tests.factories import OrganisationFactory
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def public(collab):
    """Nacka's public entries (one active with partners, one planned) and the ones the public
    must not see: not public, cancelled, ended long ago, and Ekerö's."""
    today = timezone.localdate()
    shown = recorded(
        collab, title="Nattvandring i Fisksätra", is_public=True,
        responsible=collab.culture_officer,
        description="Vuxna vandrar på fredagskvällar.", focus_areas=[collab.focus_area],
        partners=[collab.organisation], outside_partners=[("police", "Polisen Nacka")],
        starts_on=today - timedelta(days=30),
    )  # fmt: skip
    Collaboration.objects.filter(pk=shown.pk).update(status="active")
    planned = recorded(
        collab, title="Dialogforum civilsamhället", is_public=True,
        kind=Collaboration.Kind.DIALOGUE, level=Collaboration.Level.STRATEGIC,
    )  # fmt: skip
    hidden = recorded(collab, title="Internt samarbete", is_public=False)
    cancelled = recorded(collab, title="Inställt samarbete", is_public=True)
    Collaboration.objects.filter(pk=cancelled.pk).update(status="cancelled")
    old = recorded(
        collab, title="Gammalt samarbete", is_public=True,
        starts_on=today - timedelta(days=900), ends_on=today - timedelta(days=500),
    )  # fmt: skip
    Collaboration.objects.filter(pk=old.pk).update(status="ended")
    recently = recorded(
        collab, title="Nyss avslutat", is_public=True,
        starts_on=today - timedelta(days=400), ends_on=today - timedelta(days=20),
    )  # fmt: skip
    Collaboration.objects.filter(pk=recently.pk).update(status="ended")
    Collaboration.objects.create(
        municipality=collab.other, title="Ekerös samarbete", kind="other", level="operational",
        is_public=True, status="active",
    )  # fmt: skip
    return {"shown": shown, "planned": planned, "recently": recently,
            "hidden": [hidden, cancelled, old]}  # fmt: skip


def _list(collab, **query):
    return reverse("collaborations:public", args=[collab.municipality.slug]), query


def test_the_public_list_shows_only_public_current_entries(client, collab, public):
    url, _query = _list(collab)
    html = client.get(url).content.decode()
    for title in ("Nattvandring i Fisksätra", "Dialogforum civilsamhället", "Nyss avslutat"):
        assert title in html
    for title in ("Internt samarbete", "Inställt samarbete", "Gammalt samarbete", "Ekerö"):
        assert title not in html
    assert collab.organisation.name in html


def test_the_public_list_filters_by_level_kind_and_focus_area(client, collab, public):
    url, _query = _list(collab)
    html = client.get(url, {"level": "strategic"}).content.decode()
    assert "Dialogforum civilsamhället" in html
    assert "Nattvandring" not in html
    html = client.get(url, {"kind": "volunteer_hosting"}).content.decode()
    assert "Nattvandring" in html
    assert "Dialogforum civilsamhället" not in html
    html = client.get(url, {"focus_area": collab.focus_area.pk}).content.decode()
    assert "Nattvandring" in html
    assert "Dialogforum civilsamhället" not in html


def test_the_detail_page_shows_partners_and_the_administration_not_the_officer(
    client, collab, public
):
    shown = public["shown"]
    url = reverse("collaborations:public_detail", args=[collab.municipality.slug, shown.pk])
    html = client.get(url).content.decode()
    assert collab.organisation.name in html
    assert "Polisen Nacka" in html
    assert "Kultur- och fritidsförvaltningen" in html
    assert collab.culture_officer.full_name not in html
    assert collab.culture_officer.email not in html
    for hidden in public["hidden"]:
        url = reverse("collaborations:public_detail", args=[collab.municipality.slug, hidden.pk])
        assert client.get(url).status_code == 404
    other = Collaboration.objects.get(municipality=collab.other)
    url = reverse("collaborations:public_detail", args=[collab.municipality.slug, other.pk])
    assert client.get(url).status_code == 404


def test_the_public_list_reads_a_fixed_number_of_queries(client, collab, public):
    def grow():
        for n in range(3):
            recorded(
                collab, title=f"Samarbete {n}", is_public=True, focus_areas=[collab.focus_area],
                partners=[OrganisationFactory(municipality=collab.municipality)],
                outside_partners=[("region", f"Region {n}")],
            )  # fmt: skip

    url, _query = _list(collab)
    response = assert_constant_queries(client, url, grow)
    assert "Samarbete 2" in response.content.decode()


def test_open_data_json_names_partners_by_se_on_and_holds_no_personal_data(client, collab, public):
    informal = OrganisationFactory(municipality=collab.municipality, informal=True, name="Gruppen")
    public["planned"].partners.add(informal)
    response = client.get(reverse("collaborations:open_data_json", args=[collab.municipality.slug]))
    assert response["Access-Control-Allow-Origin"] == "*"
    data = json.loads(response.getvalue())  # a stored file, streamed
    records = {r["title"]: r for r in data["collaborations"]}
    assert set(records) == {
        "Nattvandring i Fisksätra", "Dialogforum civilsamhället", "Nyss avslutat"
    }  # fmt: skip
    shown = records["Nattvandring i Fisksätra"]
    number = collab.organisation.organisation_number.replace("-", "")
    assert shown["partnerOrganizations"] == [
        {"id": f"SE-ON-{number}", "name": collab.organisation.name}
    ]
    assert shown["partnerOrganizations"][0]["id"].startswith("SE-ON-802")
    assert shown["outsidePartners"][0]["name"] == "Polisen Nacka"
    assert shown["administration"] == "Kultur- och fritidsförvaltningen"
    assert shown["classifications"][0]["code"] == "trygghet"
    [group] = records["Dialogforum civilsamhället"]["partnerOrganizations"]
    assert group["id"] == f"{collab.municipality.publisher_prefix}-org-{informal.pk}"
    text = response.getvalue().decode()
    assert collab.culture_officer.email not in text
    assert collab.culture_officer.full_name not in text


def test_open_data_csv_has_one_row_per_collaboration_and_neutralises_formulas(
    client, collab, public
):
    shown = public["shown"]
    shown.title = '=HYPERLINK("https://evil.example")'
    shown.save(update_fields=["title"])
    response = client.get(reverse("collaborations:open_data_csv", args=[collab.municipality.slug]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert len(rows) == 3
    [row] = [r for r in rows if r["Partner Org:Names"] == collab.organisation.name]
    assert row["Title"].startswith("'=")
    assert row["Partner Org:Identifiers"] == (
        "SE-ON-" + collab.organisation.organisation_number.replace("-", "")
    )
    assert row["Kind Code"] == "volunteer_hosting"


def test_the_municipality_page_links_to_the_public_collaborations(client, collab, public):
    html = client.get(reverse("portal:municipality", args=[collab.municipality.slug])).content
    html = html.decode()
    assert reverse("collaborations:public", args=[collab.municipality.slug]) in html
    assert "Nattvandring i Fisksätra" in html
    assert "Internt samarbete" not in html


def test_an_unknown_municipality_is_404(client, collab):
    assert client.get(reverse("collaborations:public", args=["finns-inte"])).status_code == 404
    url = reverse("collaborations:open_data_json", args=["finns-inte"])
    assert client.get(url).status_code == 404
