"""Following: the "What I follow" pages (choices of the municipality only, errors that keep
what was typed), the Follow button on a network's and a focus area's page, the one-click
unsubscribe (a signed token; no login, no CSRF; a forged token is a clear page, not a
500), My page, the data export and erasure, the audit trail's sentences."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from outreach.models import AlertSetting, Follow
from outreach.services import follows as services
from portal import announcements, audit_text
from portal.gdpr import erasure
from portal.models import AuditEvent
from tests.factories import (
    DistrictFactory,
    FocusAreaFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.outreach.follows_world import F, follower

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world):
    return UserFactory(email="foljare@example.se", preferred_language="sv")


@pytest.fixture
def things(world):
    x = world.x
    return {
        "area": x.focusareas.get(slug="trygghet"),
        "district": DistrictFactory(municipality=x, name="Fisksätra"),
        "network": NetworkFactory(municipality=x, name="BRÅ Nacka"),
        "closed": NetworkFactory(municipality=x, name="Slutna rummet", visibility="invite_only"),
        "listed": OrganisationFactory(
            municipality=x, approved=True, listed_in_directory=True, name="Fisksätra IF"
        ),
        "unlisted": OrganisationFactory(municipality=x, approved=True, name="Hemliga klubben"),
    }


def _page(world):
    return reverse("outreach:follows", args=[world.x.slug])


# --- the model's rules --------------------------------------------------------------------


def test_a_follow_names_exactly_one_thing_once(world, person, things):
    x = world.x
    Follow.objects.create(user=person, municipality=x, focus_area=things["area"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=person, municipality=x, focus_area=things["area"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=person, municipality=x)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(
            user=person, municipality=x, focus_area=things["area"], district=things["district"]
        )


# --- the page -----------------------------------------------------------------------------


def test_the_page_offers_the_municipalitys_public_choices_only(client, world, person, things):
    FocusAreaFactory(municipality=world.y, name="Ekerös fokus")
    client.force_login(person)
    page = client.get(_page(world)).content.decode()
    for shown in ("Trygghet", "Fisksätra", "BRÅ Nacka"):
        assert shown in page
    for hidden in ("Slutna rummet", "Hemliga klubben", "Ekerös fokus"):
        assert hidden not in page
    assert re.search(r"value=\"daily\"[^>]*checked", page)  # the default
    # the directory's organisations are offered by a search, not all at once
    assert "Fisksätra IF" not in page
    assert 'name="sok"' in page
    found = client.get(_page(world), {"sok": "sätra if"}).content.decode()
    assert f'value="{things["listed"].pk}"' in found
    unlisted = client.get(_page(world), {"sok": "Hemliga"}).content.decode()
    assert "Hemliga klubben" not in unlisted


def test_organisations_followed_are_shown_and_one_found_can_be_followed(
    client, world, person, things
):
    client.force_login(person)
    listed = things["listed"]
    others = [
        OrganisationFactory(municipality=world.x, approved=True, listed_in_directory=True,
                            name=f"Förening {n}")
        for n in range(3)
    ]  # fmt: skip
    Follow.objects.create(user=person, municipality=world.x, organisation=others[0])
    page = client.get(_page(world)).content.decode()
    assert re.search(rf'value="{others[0].pk}"[^>]*checked', page)
    assert "Förening 1" not in page
    assert "Fisksätra IF" not in page
    response = client.post(
        _page(world) + "?sok=Fisk",
        {"organisations": [others[0].pk, listed.pk], "frequency": F.DAILY, "kinds": ["call"]},
    )
    assert response.status_code == 302
    followed = Follow.objects.filter(user=person).values_list("organisation", flat=True)
    assert set(followed) == {others[0].pk, listed.pk}
    # unticking one stops following it; the unlisted cannot be sent in
    response = client.post(
        _page(world),
        {"organisations": [listed.pk, things["unlisted"].pk], "frequency": F.DAILY,
         "kinds": ["call"]},
    )  # fmt: skip
    assert response.status_code == 200
    assert 'id="form-errors"' in response.content.decode()
    client.post(
        _page(world), {"organisations": [listed.pk], "frequency": F.DAILY, "kinds": ["call"]}
    )
    followed = Follow.objects.filter(user=person).values_list("organisation", flat=True)
    assert list(followed) == [listed.pk]


def test_saving_follows_and_the_setting(client, world, person, things):
    client.force_login(person)
    response = client.post(
        _page(world),
        {
            "focus_areas": [things["area"].pk],
            "networks": [things["network"].pk],
            "frequency": F.AT_ONCE,
            "kinds": [announcements.CALL, announcements.MEETING],
        },
    )
    assert response.status_code == 302
    assert {str(f) for f in Follow.objects.filter(user=person)} == {"Trygghet", "BRÅ Nacka"}
    setting = AlertSetting.objects.get(user=person, municipality=world.x)
    assert (setting.frequency, setting.kinds) == (F.AT_ONCE, ["call", "meeting"])
    # unticking one stops following it, the other stays
    client.post(
        _page(world),
        {"focus_areas": [things["area"].pk], "frequency": F.WEEKLY, "kinds": ["call"]},
    )
    assert [str(f) for f in Follow.objects.filter(user=person)] == ["Trygghet"]
    event = AuditEvent.objects.filter(action="follows.changed").latest("pk")
    assert event.actor == person
    assert event.before["networks"] == ["BRÅ Nacka"]


def test_errors_are_shown_and_the_choices_kept(client, world, person, things):
    client.force_login(person)
    response = client.post(
        _page(world),
        {"focus_areas": [things["area"].pk], "networks": [things["closed"].pk],
         "frequency": F.DAILY, "kinds": []},
    )  # fmt: skip
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="form-errors"' in page
    assert "Choose at least one kind of news" in page or "minst en sorts nyheter" in page
    assert f'value="{things["area"].pk}"' in page
    assert "checked" in page
    assert not Follow.objects.filter(user=person).exists()


def test_the_service_refuses_another_municipalitys_things(world, person):
    other = FocusAreaFactory(municipality=world.y)
    with pytest.raises(ValidationError) as error:
        services.follows_save(user=person, municipality=world.x, data={"focus_areas": [other]})
    assert "focus_areas" in error.value.message_dict


def test_the_index_lists_what_is_followed_where(client, world, person, things):
    follower_setting = follower(world.x, things["area"], frequency=F.DAILY)
    client.force_login(follower_setting)
    page = client.get(reverse("outreach:follows_index")).content.decode()
    assert "Nacka kommun" in page
    assert "Ekerö kommun" in page
    assert "Trygghet" in page
    assert client.get(reverse("outreach:follows_index")).status_code == 200
    assert Client().get(reverse("outreach:follows_index")).status_code == 302


# --- the button on other apps' pages ------------------------------------------------------


def test_the_follow_button_on_a_networks_page(client, world, person, things):
    network = things["network"]
    url = reverse("networks:detail", args=[network.pk])
    assert "Logga in för att följa" in client.get(url).content.decode() or (
        "Log in to follow" in client.get(url).content.decode()
    )
    client.force_login(person)
    page = client.get(url).content.decode()
    assert reverse("outreach:follow", args=["network", network.pk]) in page
    response = client.post(
        reverse("outreach:follow", args=["network", network.pk]), {"follow": "1", "next": url}
    )
    assert response.status_code == 302
    assert response["Location"] == url
    assert Follow.objects.filter(user=person, network=network).exists()
    assert AlertSetting.objects.filter(user=person, municipality=world.x).exists()
    page = client.get(url).content.decode()
    assert 'name="follow" value="0"' in page  # now "Stop following"
    client.post(reverse("outreach:follow", args=["network", network.pk]),
                {"follow": "0", "next": "https://evil.example/"})  # fmt: skip
    assert not Follow.objects.filter(user=person, network=network).exists()


def test_an_invite_only_network_and_an_unlisted_organisation_cannot_be_followed(
    client, world, person, things
):
    client.force_login(person)
    for target, obj in (("network", things["closed"]), ("organisation", things["unlisted"])):
        response = client.post(reverse("outreach:follow", args=[target, obj.pk]), {"follow": "1"})
        assert response.status_code == 404
    assert client.post(reverse("outreach:follow", args=["nothing", 1])).status_code == 404
    assert not Follow.objects.exists()


def test_the_follow_button_on_the_focus_area_page(client, world, things):
    politician = world.users["politician_x"]
    client.force_login(politician)
    url = reverse("insights:focus_area", args=[world.x.slug, "trygghet"])
    page = client.get(url).content.decode()
    assert reverse("outreach:follow", args=["focus_area", things["area"].pk]) in page


# --- the one-click unsubscribe ------------------------------------------------------------


def _stop_url(person, municipality):
    token = services.unsubscribe_token(person.pk, municipality.pk)
    return reverse("outreach:alerts_stop", args=[token])


def test_the_link_asks_then_stops_without_login_and_without_csrf(world, things):
    person = follower(world.x, things["area"], frequency=F.AT_ONCE)
    client = Client(enforce_csrf_checks=True)
    url = _stop_url(person, world.x)
    page = client.get(url)
    assert page.status_code == 200
    assert "Nacka kommun" in page.content.decode()
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    setting = AlertSetting.objects.get(user=person, municipality=world.x)
    assert setting.frequency == F.PAUSED
    assert Follow.objects.filter(user=person).count() == 1  # kept, to resume
    event = AuditEvent.objects.get(action="alerts.unsubscribed")
    assert event.actor == person
    assert event.before == {"frequency": F.AT_ONCE}
    # again: nothing new is audited
    client.post(url)
    assert AuditEvent.objects.filter(action="alerts.unsubscribed").count() == 1


def test_the_link_of_one_municipality_leaves_the_others_alerts(world):
    person = follower(world.x, world.x.focusareas.get(slug="trygghet"))
    y_setting = AlertSetting.objects.create(user=person, municipality=world.y)
    Client().post(_stop_url(person, world.x))
    y_setting.refresh_from_db()
    assert y_setting.frequency == F.DAILY


@pytest.mark.parametrize(
    "token",
    ["nonsense", "eyJ1IjoxLCJtIjoxfQ:1abcde:forgedforgedforgedforgedforgedforgedforge"],
)
def test_a_forged_or_broken_link_is_a_clear_page(client, world, token):
    url = reverse("outreach:alerts_stop", args=[token])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 400
        assert "<h1>" in response.content.decode()
    assert not AlertSetting.objects.exists()


def test_a_token_for_someone_else_cannot_be_made_from_a_real_one(world, things):
    person = follower(world.x, things["area"])
    other = follower(world.x, things["area"])
    token = services.unsubscribe_token(person.pk, world.x.pk)
    _value, stamp_signature = token.split(":", 1)
    forged = services.unsubscribe_token(other.pk, world.x.pk).split(":", 1)[0]
    response = Client().post(reverse("outreach:alerts_stop", args=[f"{forged}:{stamp_signature}"]))
    assert response.status_code == 400
    assert AlertSetting.objects.get(user=other).frequency == F.AT_ONCE


def test_after_unsubscribing_nothing_more_is_found(world, things):
    from outreach.selectors.follows import followers
    from tests.outreach.follows_world import news

    person = follower(world.x, things["area"])
    about = news(world.x, focus_area_ids=[things["area"].pk])
    assert [u for u, _f in followers(about)] == [person.pk]
    Client().post(_stop_url(person, world.x))
    assert followers(about) == []


# --- My page, the data export, erasure, the audit trail -----------------------------------


def test_my_page_shows_what_is_followed(client, world, things):
    person = follower(world.x, things["area"], things["network"], frequency=F.WEEKLY)
    client.force_login(person)
    page = client.get(reverse("portal:my_page")).content.decode()
    assert "Trygghet" in page
    assert "BRÅ Nacka" in page
    assert reverse("outreach:follows", args=[world.x.slug]) in page


def test_export_and_erasure(client, world, things):
    from outreach.models import Alert
    from outreach.services.alerts import alerts_create
    from tests.outreach.follows_world import news

    person = follower(world.x, things["area"], frequency=F.DAILY)
    alerts_create(news(world.x, focus_area_ids=[things["area"].pk]))
    client.force_login(person)
    data = json.loads(client.get(reverse("portal:my_data")).content)
    text = json.dumps(data, ensure_ascii=False)
    assert "Trygghet" in text
    assert "Nyhet om trygghet" in text
    assert "daily" in text
    erasure.account_delete(user=person)
    assert not Follow.objects.filter(user=person).exists()
    assert not AlertSetting.objects.filter(user=person).exists()
    assert not Alert.objects.filter(user=person).exists()


def test_the_audit_trail_reads_the_codes_as_sentences(world, things):
    person = follower(world.x, things["area"])
    services.follows_save(
        user=person, municipality=world.x,
        data={"focus_areas": [], "districts": [things["district"]], "frequency": F.WEEKLY,
              "kinds": ["call"]},
    )  # fmt: skip
    services.follow_set(user=person, obj=things["network"], following=True)
    services.alerts_stop(user=person, municipality=world.x)
    rows = audit_text.read(AuditEvent.objects.filter(actor=person).select_related("actor"))
    assert len(rows) == 3
    for row in rows:
        text = " ".join([row.sentence, *(str(c) for c in row.changes)])
        assert "follows." not in text
        assert "alerts." not in text
        assert "%(" not in text
        assert "{'" not in text
        assert "['" not in text


def test_the_pages_take_the_same_queries_for_more_choices_and_follows(client, world, person):
    from tests.query_counts import assert_constant_queries

    client.force_login(person)

    def grow(count):
        for _ in range(count):
            area = FocusAreaFactory(municipality=world.x)
            network = NetworkFactory(municipality=world.x)
            listed = OrganisationFactory(
                municipality=world.x, approved=True, listed_in_directory=True
            )
            OrganisationFactory(municipality=world.x, approved=True, listed_in_directory=True)
            Follow.objects.create(user=person, municipality=world.x, focus_area=area)
            Follow.objects.create(user=person, municipality=world.x, network=network)
            Follow.objects.create(user=person, municipality=world.x, organisation=listed)

    grow(1)
    AlertSetting.objects.create(user=person, municipality=world.x)
    for url in (_page(world), reverse("outreach:follows_index"), reverse("portal:my_page")):
        assert_constant_queries(client, url, lambda: grow(5))


def test_the_export_names_the_mailings_opted_out_of_and_erasure_keeps_the_opt_out(client, world):
    from outreach.models import MailingOptOut

    person = UserFactory(email="Petra@example.se")
    MailingOptOut.objects.create(municipality=world.x, email="petra@example.se")
    MailingOptOut.objects.create(municipality=world.y, email="someone.else@example.se")
    client.force_login(person)
    data = json.loads(client.get(reverse("portal:my_data")).content)
    text = json.dumps(data, ensure_ascii=False)
    opt_outs = re.search(r'"mailing_opt_outs": (\[[^\]]*\])', text).group(1)
    assert [o["municipality"] for o in json.loads(opt_outs)] == [world.x.name]
    assert "someone.else" not in text
    erasure.account_delete(user=person)
    # the suppression list keeps the municipality from writing to the address again
    assert MailingOptOut.objects.filter(email="petra@example.se").exists()
