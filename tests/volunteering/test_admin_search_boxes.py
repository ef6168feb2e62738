"""The recognition and pledge forms choose volunteers and organisations with a search box
(the admin's autocomplete), not a <select> of every one of the municipality: the page's
query count and size do not grow with them, and the search answers only what the form
itself accepts (portal.admin.autocomplete)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from organisations.models import Organisation
from tests.factories import OrganisationFactory, UserFactory
from tests.query_counts import assert_constant_queries
from tests.volunteering.test_posts_signup import post_in, shift_of, volunteer_in
from volunteering.models import Recognition, Volunteer
from volunteering.services import posts as services

pytestmark = pytest.mark.django_db


def _people(vol, count, municipality=None):
    municipality = municipality or vol.municipality
    for n in range(count):
        Volunteer.objects.create(
            user=UserFactory(full_name=f"Radvolontär {municipality.slug} {n}"),
            municipality=municipality,
            consent_version=Volunteer.CONSENT_VERSION,
        )
        OrganisationFactory(municipality=municipality, approved=True,
                            name=f"Radförening {municipality.slug} {n}")  # fmt: skip


def _search(client, model, field, term=""):
    return client.get(
        reverse("admin:autocomplete"),
        {"app_label": "volunteering", "model_name": model, "field_name": field, "term": term},
    )


def _texts(response):
    assert response.status_code == 200
    return {row["text"] for row in response.json()["results"]}


@pytest.mark.parametrize("page", ["recognition", "pledge"])
def test_the_add_pages_take_the_same_queries_with_many_volunteers_and_organisations(
    client, vol, page
):
    client.force_login(vol.coordinator)
    url = reverse(f"admin:volunteering_{page}_add")
    response = assert_constant_queries(client, url, lambda: _people(vol, 15))
    html = response.content.decode()
    assert "Radvolontär" not in html
    assert "Radförening" not in html
    assert 'data-field-name="volunteer"' in html
    assert 'data-field-name="organisation"' in html


def test_the_recognition_page_shows_its_volunteer_in_the_search_box(client, vol):
    recognition = Recognition.objects.create(
        municipality=vol.municipality, kind="thanks", title="Tack", year=2026,
        volunteer=vol.volunteer, recipient_name="Vera Volontär", nominated_by=vol.coordinator,
    )  # fmt: skip
    client.force_login(vol.coordinator)
    url = reverse("admin:volunteering_recognition_change", args=[recognition.pk])
    response = assert_constant_queries(client, url, lambda: _people(vol, 15))
    html = response.content.decode()
    assert f'<option value="{vol.volunteer.pk}" selected>Vera Volontär</option>' in html
    assert "Ville Volontär" not in html


def test_the_search_answers_the_forms_own_choices(client, vol):
    _people(vol, 2)
    _people(vol, 2, municipality=vol.other)
    OrganisationFactory(municipality=vol.municipality, name="Radförening ansöker",
                        status=Organisation.Status.PENDING)  # fmt: skip
    client.force_login(vol.coordinator)
    found = _texts(_search(client, "recognition", "organisation", "Radförening"))
    # the municipality's approved organisations, as the form accepts: not Ekerö's, nor one
    # still applying to the register (the organisations' admin would list that one)
    assert found == {"Radförening nacka 0", "Radförening nacka 1"}
    found = _texts(_search(client, "recognition", "volunteer", "Radvolontär"))
    assert found == {"Radvolontär nacka 0", "Radvolontär nacka 1"}
    assert _texts(_search(client, "pledge", "volunteer", "Vera")) == {"Vera Volontär"}

    client.force_login(vol.other_coordinator)
    assert _texts(_search(client, "recognition", "volunteer", "Radvolontär")) == {
        "Radvolontär ekero 0",
        "Radvolontär ekero 1",
    }


def test_the_search_is_refused_without_the_right_to_fill_the_form(client, vol):
    client.force_login(vol.culture_officer)  # reads volunteering, nominates nobody
    assert _search(client, "recognition", "volunteer").status_code == 403
    client.force_login(vol.coordinator)
    # a field the form does not search (a short <select>): Django's view would answer it
    assert _search(client, "recognition", "district").status_code == 403
    assert _search(client, "recognition", "nominated_by").status_code == 403


def test_a_posts_and_a_shifts_pages_take_the_same_queries_with_more_shifts_and_sign_ups(
    client, vol
):
    """Each shift row names its post, each sign-up row its volunteer, shift and post: read
    with the rows, and the right to run the post asked once, not per inline."""
    post = post_in(vol)
    shift = shift_of(post, vol.culture_officer, places=30)
    services.shift_sign_up(shift=shift, volunteer=vol.volunteer, by=vol.volunteer.user)
    client.force_login(vol.culture_officer)

    def grow():
        for n in range(5):
            shift_of(post, vol.culture_officer, starts_in=timedelta(days=4 + n))
            person = volunteer_in(vol.municipality, f"Radvolontär {n}")
            services.shift_sign_up(shift=shift, volunteer=person, by=person.user)

    url = reverse("admin:volunteering_post_change", args=[post.pk])
    assert_constant_queries(client, url, grow)
    url = reverse("admin:volunteering_shift_change", args=[shift.pk])
    html = assert_constant_queries(client, url, grow).content.decode()
    assert "Radvolontär 4" in html  # the new sign-ups are listed


@pytest.mark.parametrize("value", ["\x00", "1.5"])
def test_a_recognition_posted_a_value_no_key_can_be_answers_with_the_form(client, vol, value):
    client.force_login(vol.coordinator)
    data = {"municipality": vol.municipality.pk, "kind": "thanks", "title": "Tack",
            "year": "2026", "volunteer": value, "organisation": value}  # fmt: skip
    response = client.post(reverse("admin:volunteering_recognition_add"), data)
    assert response.status_code == 200  # the form again, with its errors
    assert response.context["adminform"].form.errors
    assert not Recognition.objects.exists()
