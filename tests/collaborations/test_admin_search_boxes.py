"""The register's forms choose organisations (partners, parties, applicants) and
collaborations with search boxes (the admin's autocomplete), not a <select> of every one
of the municipality: their pages take the same queries with 1 or many, and the search
answers only what the form accepts (portal.admin.autocomplete)."""

import pytest
from django.urls import reverse

from collaborations.models import Collaboration, Party
from tests.collaborations.helpers import iop, recorded
from tests.factories import OrganisationFactory
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db


def _organisations(municipality, count, prefix="Radförening"):
    return [
        OrganisationFactory(
            municipality=municipality, approved=True, name=f"{prefix} {municipality.slug} {n}"
        )
        for n in range(count)
    ]


def _search(client, model, field, term=""):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "collaborations", "model_name": model, "field_name": field, "term": term},
    )
    assert response.status_code == 200
    return {row["text"] for row in response.json()["results"]}


@pytest.mark.parametrize("page", ["collaboration", "coapplication", "agreement"])
def test_the_add_pages_take_the_same_queries_with_many_organisations(client, collab, page):
    c = collab
    client.force_login(c.coordinator)

    def grow():
        _organisations(c.municipality, 15)
        for n in range(5):
            recorded(c, by=c.coordinator, title=f"Radsamverkan {n}",
                     kind=Collaboration.Kind.IOP)  # fmt: skip

    url = reverse(f"admin:collaborations_{page}_add")
    html = assert_constant_queries(client, url, grow).content.decode()
    assert "Radförening" not in html
    assert "Radsamverkan" not in html


def test_an_agreements_page_takes_the_same_queries_with_one_or_many_parties(client, collab):
    c = collab
    agreement = iop(c).agreement
    client.force_login(c.social_officer)
    url = reverse("admin:collaborations_agreement_change", args=[agreement.pk])

    def grow():
        for organisation in _organisations(c.municipality, 10):
            Party.objects.create(agreement=agreement, organisation=organisation)

    html = assert_constant_queries(client, url, grow).content.decode()
    # each party row shows its own organisation, and no row lists the others
    assert html.count("selected>Radförening nacka") == 10
    assert html.count('class="admin-autocomplete') >= 12


def test_the_organisation_search_answers_the_municipalitys_own(client, collab):
    c = collab
    _organisations(c.municipality, 2)
    _organisations(c.other, 2)
    client.force_login(c.coordinator)
    expected = {"Radförening nacka 0", "Radförening nacka 1"}
    assert _search(client, "collaboration", "partners", "Radförening") == expected
    assert _search(client, "party", "organisation", "Radförening") == expected
    assert _search(client, "coapplication", "applicant", "Radförening") == expected
    client.force_login(c.other_officer)
    assert _search(client, "party", "organisation", "Radförening") == {
        "Radförening ekero 0",
        "Radförening ekero 1",
    }
    client.force_login(c.politician)  # reads the register, records nothing: not let in
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "collaborations", "model_name": "collaboration", "field_name": "partners"},
    )
    assert response.status_code == 302


@pytest.mark.parametrize("value", ["\x00", "1.5", "99999999999999999999"])
def test_a_search_box_posted_a_value_no_key_can_be_answers_with_the_form(client, collab, value):
    """A foreign key's and a many-to-many field's search box given what no row's key could
    be: the form says what is wrong (Django's widget would look it up and the database
    refuse: a 500)."""
    c = collab
    client.force_login(c.coordinator)
    for page, data in [
        ("agreement", {"collaboration": value, "follow_up_month": "3"}),
        ("collaboration", {"title": "Ny", "partners": [value], "responsible": value}),
    ]:
        response = client.post(reverse(f"admin:collaborations_{page}_add"), data)
        assert response.status_code == 200, page  # the form again, with its errors
        assert response.context["adminform"].form.errors, page
