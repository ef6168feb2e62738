"""A story's organisations and a contact's person are chosen with search boxes (the
admin's autocomplete), not a <select> of every organisation or person: the pages take the
same queries with 1 or many, and the search answers only what the form accepts, to the
municipal administrator without any right to the people's admin
(portal.admin.autocomplete)."""

import pytest
from django.urls import reverse

from portal.models import Role
from portal.services import role_assign
from tests.factories import OrganisationFactory, UserFactory
from tests.information.helpers import officer_contact
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db


def _grow(info, count=15):
    for n in range(count):
        OrganisationFactory(municipality=info.x, approved=True, name=f"Radförening {n}")
        staff = UserFactory(full_name=f"Radhandläggare {n}")
        role_assign(user=staff, municipality=info.x, role=Role.OFFICER, committee=info.committee)


def _search(client, model, field, term):
    return client.get(
        reverse("admin:autocomplete"),
        {"app_label": "information", "model_name": model, "field_name": field, "term": term},
    )


def test_the_story_and_contact_pages_take_the_same_queries_with_many(client, info):
    client.force_login(info.coordinator)
    html = assert_constant_queries(
        client, reverse("admin:information_story_add"), lambda: _grow(info)
    ).content.decode()
    assert "Radförening" not in html
    client.force_login(info.admin)
    contact = officer_contact(info, user=info.officer)
    for url in (
        reverse("admin:information_contact_add"),
        reverse("admin:information_contact_change", args=[contact.pk]),
    ):
        html = assert_constant_queries(client, url, lambda: _grow(info, 3)).content.decode()
        assert "Radhandläggare" not in html
    assert f'<option value="{info.officer.pk}" selected>' in html


def test_the_contact_person_search_offers_the_municipalitys_staff_only(client, info):
    _grow(info, 2)
    outsider = UserFactory(full_name="Radhandläggare i Ekerö")
    role_assign(user=outsider, municipality=info.y, role=Role.OFFICER,
                committee=info.y.committees.get())  # fmt: skip
    UserFactory(full_name="Radhandläggare utan roll")
    client.force_login(info.admin)  # no right to the people's admin: the form's choices
    response = _search(client, "contact", "user", "Radhandläggare")
    assert response.status_code == 200
    # Nacka's staff, not Ekerö's, nor an account without a role there
    assert {row["text"] for row in response.json()["results"]} == {
        "Radhandläggare 0",
        "Radhandläggare 1",
    }
    client.force_login(info.association_person)  # not in the admin at all
    assert _search(client, "contact", "user", "Rad").status_code in (302, 403)


def test_the_story_organisation_search_offers_approved_organisations_of_the_municipality(
    client, info
):
    _grow(info, 2)
    OrganisationFactory(municipality=info.y, approved=True, name="Radförening i Ekerö")
    client.force_login(info.coordinator)
    response = _search(client, "story", "organisations", "Radförening")
    assert response.status_code == 200
    assert {row["text"] for row in response.json()["results"]} == {
        "Radförening 0",
        "Radförening 1",
    }
