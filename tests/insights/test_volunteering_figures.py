"""The politicians' volunteering figures: per focus area and district, volunteers, hours,
call-outs and their coverage, posts and shifts, beside grants, networks and collaborations;
for those who read the figures (404 for others), in a fixed number of queries; and the
focus area page's section."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import FocusArea
from tests.factories import UserFactory
from tests.query_counts import assert_constant_queries
from tests.volunteering import conftest as volunteering
from tests.volunteering.test_figures import activity
from volunteering.models import CallOut, Pledge, Post, Shift, ShiftSignup, Volunteer

pytestmark = pytest.mark.django_db
vol = volunteering.vol  # the volunteering world, fixture of tests/volunteering


def _url(vol, **query):
    url = reverse("insights:volunteering", args=[vol.municipality.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _rows(response, key):
    table = next(t for t in response.context["tables"] if t.key == key)
    return {row[0]: row for row in table.rows}


def test_the_page_says_url_in_swedish(vol):
    assert _url(vol) == "/kommun/nacka/engagemang/"


def test_a_politician_reads_the_figures_per_focus_area_and_district(client, vol):
    activity(vol)
    client.force_login(vol.politician)
    response = client.get(_url(vol))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Frivilliga och upprop per fokusområde" in html
    trygghet = _rows(response, "volunteering_focus_area")["Trygghet"]
    # label, volunteers, hours, call-outs, open, closed, needed, accepted, coverage, pledges,
    # posts, shifts, fully booked
    assert trygghet[1] == 1
    assert trygghet[3:11] == [1, 1, 0, 10, 4, 40, 2, 1]
    assert _rows(response, "volunteering_focus_area")["Inget fokusområde"][10] == 1
    fisksatra = _rows(response, "volunteering_district")["Fisksätra"]
    assert fisksatra[1] == 1
    assert fisksatra[3] == 1
    beside = _rows(response, "beside_focus_area")["Trygghet"]
    assert len(beside) == 5
    assert reverse("insights:focus_area", args=[vol.municipality.slug, "trygghet"]) in html
    assert "Vera" not in html  # no names, only figures
    assert "Röda Korset" not in html


def test_an_earlier_year_is_chosen_and_a_bad_one_ignored(client, vol):
    activity(vol)
    client.force_login(vol.coordinator)
    year = timezone.localdate().year
    earlier = client.get(_url(vol, ar=year - 3))
    assert earlier.context["year"] == year - 3
    assert _rows(earlier, "volunteering_focus_area")["Inget fokusområde"][6] == 5  # needed
    assert client.get(_url(vol, ar="x")).context["year"] == year
    assert client.get(_url(vol, ar=1900)).context["year"] == year


def test_only_those_who_read_the_figures_reach_the_page(client, vol):
    url = _url(vol)
    assert client.get(url).status_code == 302  # to the login
    for person in (vol.other_officer, vol.other_coordinator, vol.org_user,
                   vol.volunteer.user):  # fmt: skip
        client.force_login(person)
        assert client.get(url).status_code == 404, person
    for person in (vol.politician, vol.culture_officer, vol.coordinator):
        client.force_login(person)
        assert client.get(url).status_code == 200, person


def test_queries_do_not_grow_with_the_rows(client, vol):
    activity(vol)
    client.force_login(vol.politician)

    def grow():
        now = timezone.now()
        area = FocusArea.objects.create(municipality=vol.municipality, name="Gemenskap",
                                        slug="gemenskap")  # fmt: skip
        for i in range(4):
            volunteer = Volunteer.objects.create(
                user=UserFactory(), municipality=vol.municipality,
                consent_version=Volunteer.CONSENT_VERSION,
            )  # fmt: skip
            volunteer.focus_areas.add(area)
            post = Post.objects.create(
                municipality=vol.municipality, administration=vol.social, activity="Boskola",
                title=f"Volontär {i}", description="Stöd.", contact_name="Kim",
                contact_email="kim@example.se", status="published",
            )  # fmt: skip
            post.focus_areas.add(area)
            starts = now - timedelta(days=1)
            shift = Shift.objects.create(post=post, starts_at=starts,
                                         ends_at=starts + timedelta(hours=2), places=1)  # fmt: skip
            ShiftSignup.objects.create(shift=shift, volunteer=volunteer, attended=True,
                                       hours=Decimal("2"))  # fmt: skip
            callout = CallOut.objects.create(
                municipality=vol.municipality, title=f"Upprop {i}", description="Hjälp.",
                status="closed", sent_at=now, people_needed=3,
            )  # fmt: skip
            callout.focus_areas.add(area)
            Pledge.objects.create(callout=callout, volunteer=volunteer, status="accepted",
                                  hours_given=Decimal("1"))  # fmt: skip

    response = assert_constant_queries(client, _url(vol), grow)
    gemenskap = _rows(response, "volunteering_focus_area")["Gemenskap"]
    assert gemenskap[1:6] == [4, 12, 4, 0, 4]


def test_the_focus_area_page_has_a_volunteering_section(client, vol):
    activity(vol)
    client.force_login(vol.politician)
    url = reverse("insights:focus_area", args=[vol.municipality.slug, "trygghet"])
    response = client.get(url)
    html = response.content.decode()
    assert "Frivilliga och upprop" in html
    section = response.context["volunteering"]
    assert (section.callouts, section.people_accepted, section.people_needed) == (1, 4, 10)
    assert _url(vol) in html
    dashboard = client.get(reverse("insights:dashboard", args=[vol.municipality.slug]))
    assert _url(vol) in dashboard.content.decode()
