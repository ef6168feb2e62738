"""The public pages: the overview, a page (with "last changed" and the "Shown in Swedish"
notice in English), the contact directory, stories with filters and their organisations,
news by focus area, the municipality page's section; the story proposal with errors kept;
the lists' queries constant with their rows."""

import pytest
from django.urls import reverse

from information.models import Story
from information.services import pages as page_services
from portal.models import Role
from portal.services import role_assign
from tests.factories import DistrictFactory, FocusAreaFactory, UserFactory
from tests.information import helpers
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_overview_shows_policy_goals_news_stories(client, info):
    helpers.published_policy(info)
    page_services.goal_create(
        municipality=info.x, by=info.admin,
        data={"focus_area": info.area, "body_sv": "<h2>Mål</h2><p>Trygga mötesplatser</p>"},
    )  # fmt: skip
    helpers.news_item(info)
    helpers.published_story(info)
    html = client.get(f"/information/{info.x.slug}/").content.decode()
    assert "Policy för samverkan med civilsamhället" in html
    assert "Trygga mötesplatser" in html
    assert "<h4>Mål</h4>" in html
    assert "Ny policy antagen" in html
    assert "Nattvandrarna i Fisksätra" in html
    assert f"/information/{info.x.slug}/kontakter/" in html


def test_draft_page_is_not_shown(client, info):
    helpers.policy(info)
    assert client.get(f"/information/{info.x.slug}/sidor/policy/").status_code == 404
    assert "Policy för samverkan" not in client.get(f"/information/{info.x.slug}/").content.decode()


def test_page_in_swedish_and_english(client, info):
    helpers.published_policy(info)
    sv = client.get(f"/information/{info.x.slug}/sidor/policy/").content.decode()
    assert "<h2>Varför vi samverkar</h2>" in sv
    assert "Senast ändrad" in sv
    assert 'rel="noopener noreferrer"' in sv
    en = client.get(f"/en/information/{info.x.slug}/pages/policy/").content.decode()
    assert "Shown in Swedish" in en
    assert 'lang="sv"' in en


def test_translated_page_has_no_notice(client, info):
    helpers.published_policy(info, title_en="Policy for collaboration", body_en="<p>In English</p>")
    en = client.get(f"/en/information/{info.x.slug}/pages/policy/").content.decode()
    assert "In English" in en
    assert "Shown in Swedish" not in en


def test_contact_directory_grouped(client, info, other_committee):
    helpers.officer_contact(info)
    helpers.officer_contact(
        info, name="Olle Operativ", responsibility="operational", focus_areas=[],
        email="olle@nacka.example.se",
    )  # fmt: skip
    helpers.politician_contact(info)
    helpers.officer_contact(info, name="Dold Person", is_published=False)
    html = client.get(f"/information/{info.x.slug}/kontakter/").content.decode()
    assert "Sara Strateg" in html
    assert "Olle Operativ" in html
    assert "Per Politiker" in html
    assert "Dold Person" not in html
    assert "Trygghet" in html
    assert "Kultur- och fritidsförvaltningen" in html
    assert "Kultur- och fritidsnämnden" in html
    assert "Strategiskt" in html or "Strategisk" in html


def test_stories_filtered_and_detail_names_organisations(client, info):
    story = helpers.published_story(info)
    info.association.website = "https://nattvandring.example.se"
    info.association.save(update_fields=["website"])
    other_area = FocusAreaFactory(municipality=info.x, name="Kultur", slug="kultur")
    base = f"/information/{info.x.slug}/berattelser/"
    assert "Nattvandrarna i Fisksätra" in client.get(base).content.decode()
    assert (
        "Nattvandrarna i Fisksätra"
        in client.get(base, {"fokusomrade": "trygghet"}).content.decode()
    )
    assert (
        "Nattvandrarna i Fisksätra"
        not in client.get(base, {"fokusomrade": other_area.slug}).content.decode()
    )
    assert "Nattvandrarna i Fisksätra" in client.get(base, {"omrade": "fisksatra"}).content.decode()
    detail = client.get(f"{base}{story.pk}/").content.decode()
    assert 'href="https://nattvandring.example.se"' in detail
    assert "Nattvandrarna Fisksätra" in detail


def test_unpublished_story_and_news_are_404(client, info):
    story = helpers.proposed_story(info)
    item = helpers.news_item(info, publish=False)
    assert client.get(f"/information/{info.x.slug}/berattelser/{story.pk}/").status_code == 404
    assert client.get(f"/information/{info.x.slug}/nyheter/{item.pk}/").status_code == 404
    # another municipality's address does not show Nacka's items
    published = helpers.news_item(info, title_sv="Publicerad")
    assert client.get(f"/information/{info.y.slug}/nyheter/{published.pk}/").status_code == 404


def test_news_filtered_by_focus_area(client, info):
    helpers.news_item(info)
    other = FocusAreaFactory(municipality=info.x, name="Kultur", slug="kultur")
    helpers.news_item(info, title_sv="Kulturnytt", focus_areas=[other])
    base = f"/information/{info.x.slug}/nyheter/"
    html = client.get(base, {"fokusomrade": "kultur"}).content.decode()
    assert "Kulturnytt" in html
    assert "Ny policy antagen" not in html


def test_municipality_page_links_to_information(client, info):
    html = client.get(reverse("portal:municipality", args=[info.x.slug])).content.decode()
    assert f"/information/{info.x.slug}/" in html
    assert f"/information/{info.x.slug}/kontakter/" in html


def test_propose_story_errors_keep_what_was_typed(client, info):
    client.force_login(info.association_person)
    url = f"/information/{info.x.slug}/berattelser/foresla/"
    response = client.post(url, {
        "organisation": info.association.pk, "title_sv": "Läxhjälp i Fisksätra",
        "summary_sv": "", "body_sv": "Vi hjälper barn med läxor.",
    })  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "Läxhjälp i Fisksätra" in html
    assert "Vi hjälper barn med läxor." in html
    assert 'id="form-errors"' in html
    assert not Story.objects.exists()


def test_propose_story_waits_for_approval(client, info):
    client.force_login(info.association_person)
    url = f"/information/{info.x.slug}/berattelser/foresla/"
    response = client.post(url, {
        "organisation": info.association.pk, "title_sv": "Läxhjälp", "summary_sv": "Kort.",
        "body_sv": "Första stycket.\n\nAndra <b>stycket</b>.", "focus_areas": [info.area.pk],
        "districts": [info.district.pk],
    })  # fmt: skip
    assert response.status_code == 302
    story = Story.objects.get()
    assert story.status == "proposed"
    assert story.proposed_by == info.association_person
    assert story.body_sv == "<p>Första stycket.</p><p>Andra &lt;b&gt;stycket&lt;/b&gt;.</p>"
    assert "Läxhjälp" not in client.get(f"/information/{info.x.slug}/berattelser/").content.decode()


def test_propose_page_without_right_explains(client, info):
    client.force_login(info.association_member)
    response = client.get(f"/information/{info.x.slug}/berattelser/foresla/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skicka förslaget" not in html
    assert "godkänd organisation" in html
    response = client.post(f"/information/{info.x.slug}/berattelser/foresla/", {
        "organisation": info.association.pk, "title_sv": "X", "summary_sv": "Y", "body_sv": "Z",
    })  # fmt: skip
    assert not Story.objects.exists()


def test_propose_page_needs_login(client, info):
    response = client.get(f"/information/{info.x.slug}/berattelser/foresla/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_list_pages_queries_constant(client, info):
    helpers.published_story(info)
    helpers.news_item(info)
    helpers.officer_contact(info)
    helpers.politician_contact(info)
    count = {"n": 0}

    def grow():
        count["n"] += 1
        n = count["n"]
        area = FocusAreaFactory(municipality=info.x, name=f"Område {n}", slug=f"omrade-{n}")
        district = DistrictFactory(municipality=info.x, name=f"Stadsdel {n}", slug=f"sd-{n}")
        for i in range(3):
            helpers.published_story(info, title_sv=f"Berättelse {n}-{i}",
                                    focus_areas=[area], districts=[district])  # fmt: skip
            helpers.news_item(info, title_sv=f"Nyhet {n}-{i}", focus_areas=[area])
            helpers.officer_contact(info, name=f"Person {n}-{i}", focus_areas=[area])
            helpers.politician_contact(info, name=f"Politiker {n}-{i}")
            page_services.goal_create(
                municipality=info.x,
                by=info.admin,
                data={"focus_area": FocusAreaFactory(municipality=info.x), "body_sv": "<p>x</p>"},
            ) if i == 0 else None

    staff = UserFactory()
    role_assign(user=staff, municipality=info.x, role=Role.POLITICIAN)
    client.force_login(staff)  # past the public page cache
    for path in ("", "kontakter/", "berattelser/", "nyheter/"):
        assert_constant_queries(client, f"/information/{info.x.slug}/{path}", grow)
