"""The public list of volunteer opportunities, without login: the municipality's posts and
its registered organisations' opportunities side by side, saying who offers each; drafts,
unregistered organisations' and other municipalities' posts are not there; filters by
district, focus area and who offers; 25 a page in a fixed number of queries; a post's page
shows its shifts with the places left, "full – join the waiting list", and the way to sign
up or show interest."""

from datetime import timedelta

import pytest
from django.urls import reverse

from organisations.models import Organisation
from tests.factories import OrganisationFactory
from tests.query_counts import assert_constant_queries
from tests.volunteering.test_posts_signup import post_in, shift_of
from volunteering.models import Post
from volunteering.services import posts as services

pytestmark = pytest.mark.django_db


def _list(vol):
    return reverse("volunteering:public_posts", args=[vol.municipality.slug])


def organisation_post(vol, organisation=None, by=None, publish=True, **fields):
    organisation = organisation or vol.organisation_2
    data = {
        "activity": "Fotbollsskolan",
        "title": "Ledare för fotbollsskolan",
        "description": "Träna barn i fotboll på lördagar.",
        "contact_name": "Fia Fotbollsledare",
        "contact_email": "fia@fisksatraif.example.se",
    }
    data.update(fields)  # fmt: skip
    by = by or vol.org_user_2
    post = services.post_create(by=by, organisation=organisation, data=data)
    if publish:
        services.post_set_status(post=post, status=Post.Status.PUBLISHED, by=by)
    return post


def test_the_municipalitys_and_the_organisations_side_by_side(client, vol):
    post_in(vol)
    organisation_post(vol)
    post_in(vol, publish=False, title="Hemligt utkast")
    pending = OrganisationFactory(municipality=vol.municipality, name="Väntande förening")
    Post.objects.create(
        municipality=vol.municipality, organisation=pending, activity="X", title="Ej godkänd",
        description="-", contact_name="-", contact_email="x@example.se", status="published",
    )  # fmt: skip
    post_in(vol, by=vol.other_coordinator, administration=vol.other.administrations.create(
        name="Ekerö kultur", slug="ek"), title="Ekerö språkcafé", district=None)  # fmt: skip

    html = client.get(_list(vol)).content.decode()

    assert "Värd på MeetingPoint" in html
    assert "Erbjuds av kommunen: Kultur- och fritidsförvaltningen" in html
    assert "Ledare för fotbollsskolan" in html
    assert "Erbjuds av Fisksätra IF (förening)" in html
    for absent in ("Hemligt utkast", "Ej godkänd", "Ekerö språkcafé"):
        assert absent not in html
    assert "Hittade uppdrag: 2" in html
    assert "Nästa pass" not in html  # no shifts yet


def test_filters_by_district_focus_area_and_who_offers(client, vol):
    mine = post_in(vol)
    mine.focus_areas.add(vol.focus_area)
    organisation_post(vol)
    url = _list(vol)
    only = {
        "district": str(vol.district.pk),
        "focus_area": str(vol.focus_area.pk),
        "host": "municipality",
    }
    for name, value in only.items():
        html = client.get(url, {name: value}).content.decode()
        assert "Värd på MeetingPoint" in html, name
        assert "Ledare för fotbollsskolan" not in html, name
    html = client.get(url, {"host": "organisation"}).content.decode()
    assert "Ledare för fotbollsskolan" in html
    assert "Värd på MeetingPoint" not in html


def test_a_page_of_25_in_a_fixed_number_of_queries(client, vol):
    post_in(vol)
    organisation_post(vol)

    def grow():
        for n in range(30):
            post = post_in(vol, title=f"Uppdrag {n:02}")
            post.focus_areas.add(vol.focus_area)
            shift_of(post, vol.culture_officer, starts_in=timedelta(days=2 + n))
            organisation_post(vol, title=f"Föreningsuppdrag {n:02}")

    response = assert_constant_queries(client, _list(vol), grow)
    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].paginator.count == 62
    last = client.get(_list(vol), {"sida": 3}).content.decode()  # the posts with shifts
    assert "Nästa pass" in last


def test_a_posts_page_shows_places_left_and_the_waiting_list(client, vol):
    post = post_in(vol, requires_record_extract=True)
    roomy = shift_of(post, vol.culture_officer, places=3)
    full = shift_of(post, vol.culture_officer, places=1, starts_in=timedelta(days=4))
    services.shift_sign_up(shift=full, volunteer=vol.volunteer, by=vol.volunteer.user)
    services.shift_sign_up(shift=roomy, volunteer=vol.volunteer, by=vol.volunteer.user)
    url = reverse("volunteering:post", args=[post.pk])

    html = client.get(url).content.decode()  # anyone, without login

    assert "2 platser lediga" in html
    assert "Fullt – ställ dig på väntelistan" in html
    assert "utdrag ur Polisens belastningsregister" in html
    assert "Logga in för att anmäla dig" in html
    assert reverse("volunteering:shift_sign_up", args=[full.pk]) not in html
    client.force_login(vol.volunteer_2.user)
    html = client.get(url).content.decode()
    assert reverse("volunteering:shift_sign_up", args=[full.pk]) in html
    assert "Ställ dig på väntelistan" in html
    assert "Boka en plats" in html
    client.force_login(vol.volunteer.user)
    html = client.get(url).content.decode()
    assert html.count("Du är bokad.") == 2
    assert "Lämna min plats" in html


def test_a_post_without_shifts_asks_for_interest_and_the_list_links_from_the_municipality(
    client, vol
):
    post = organisation_post(vol)
    html = client.get(reverse("volunteering:post", args=[post.pk])).content.decode()
    assert "Jag är intresserad" in html
    assert "Fisksätra IF (förening)" in html
    municipality_page = client.get(reverse("portal:municipality", args=["nacka"]))
    assert _list(vol) in municipality_page.content.decode()


def test_an_unregistered_organisations_opportunity_is_not_shown(client, vol):
    post = organisation_post(vol)
    Organisation.objects.filter(pk=vol.organisation_2.pk).update(status="pending")
    assert client.get(reverse("volunteering:post", args=[post.pk])).status_code == 404
    assert "Ledare för fotbollsskolan" not in client.get(_list(vol)).content.decode()
    client.force_login(vol.org_user_2)  # its own people still see it
    assert client.get(reverse("volunteering:post", args=[post.pk])).status_code == 200


def test_an_unknown_municipality_is_not_found(client, vol):
    assert client.get(reverse("volunteering:public_posts", args=["finns-inte"])).status_code == 404


def test_a_posts_page_reads_a_fixed_number_of_queries(client, vol):
    post = post_in(vol)
    post.focus_areas.add(vol.focus_area)
    services.shift_sign_up(
        shift=shift_of(post, vol.culture_officer, places=1),
        volunteer=vol.volunteer_2,
        by=vol.volunteer_2.user,
    )
    client.force_login(vol.volunteer.user)

    def grow():
        for n in range(4):
            shift = shift_of(post, vol.culture_officer, places=1, starts_in=timedelta(days=4 + n))
            services.shift_sign_up(shift=shift, volunteer=vol.volunteer_2, by=vol.volunteer_2.user)
            services.shift_sign_up(shift=shift, volunteer=vol.volunteer, by=vol.volunteer.user)

    response = assert_constant_queries(client, reverse("volunteering:post", args=[post.pk]), grow)
    assert response.content.decode().count("Du står på väntelistan, nummer 1.") == 4
