"""Personal calendar feeds (issue 18, item 11): each person has their own secret address,
which ends when they no longer belong to the network and which they can replace."""

import icalendar
import pytest
from django.urls import reverse

from networks import feeds
from networks.models import CalendarFeed, Network, NetworkMember
from organisations.models import Membership
from portal.models import AuditEvent, RoleAssignment
from tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db


def feed_url(network, token):
    return reverse("networks:member_feed", args=[network.pk, token])


def shown_token(client, user, network):
    """The feed address the network page shows to ``user``: its token."""
    client.force_login(user)
    page = client.get(reverse("networks:detail", args=[network.pk])).content.decode()
    prefix = feed_url(network, "TOKEN").split("TOKEN")[0]
    start = page.index(prefix) + len(prefix)
    return page[start : page.index(".ics", start)]


def test_the_network_has_no_shared_feed_secret_any_more():
    assert "feed_token" not in {f.name for f in Network._meta.get_fields()}


def test_each_person_gets_their_own_address_that_lists_every_meeting(client, net):
    org_token = shown_token(client, net.org_user, net.network)
    colleague_token = shown_token(client, net.org_user_2, net.network)
    person_token = shown_token(client, net.person, net.network)
    assert len({org_token, colleague_token, person_token}) == 3
    assert shown_token(client, net.org_user, net.network) == org_token  # stable until renewed
    client.logout()
    response = client.get(feed_url(net.network, person_token))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event["UID"] == f"{net.meeting.uid}@samverkan"


def test_unknown_token_or_another_networks_token_is_404(client, world, net):
    other = NetworkFactory(municipality=world.x, visibility="invite_only")
    NetworkMember.objects.create(network=other, kind="individual", user=net.person)
    token = feeds.feed_for(net.person, net.network).token
    assert client.get(feed_url(other, token)).status_code == 404
    assert client.get(feed_url(net.network, "gissat")).status_code == 404
    for junk in ("%00" * 30, "x" * 5000, token[:-1] + "%00"):
        url = feed_url(net.network, "T").replace("T.ics", f"{junk}.ics")
        assert client.get(url).status_code == 404


def test_outsiders_get_no_feed(client, net):
    client.force_login(net.outsider)
    assert client.get(reverse("networks:detail", args=[net.network.pk])).status_code == 404
    assert client.post(reverse("networks:feed_renew", args=[net.network.pk])).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_a_person_who_leaves_loses_the_feed_for_good(client, net):
    token = feeds.feed_for(net.person, net.network).token
    assert client.get(feed_url(net.network, token)).status_code == 200
    NetworkMember.objects.filter(pk=net.person_member.pk).update(status=NetworkMember.Status.LEFT)
    assert client.get(feed_url(net.network, token)).status_code == 404
    # back in the network later: the old address does not come back, a new one is made
    NetworkMember.objects.filter(pk=net.person_member.pk).update(status=NetworkMember.Status.ACTIVE)
    assert client.get(feed_url(net.network, token)).status_code == 404
    assert feeds.feed_for(net.person, net.network).token != token


def test_feed_ends_when_the_organisation_leaves_or_the_person_leaves_it(client, net):
    first = feeds.feed_for(net.org_user, net.network).token
    second = feeds.feed_for(net.org_user_2, net.network).token
    Membership.objects.filter(user=net.org_user_2).delete()  # left the organisation
    assert client.get(feed_url(net.network, first)).status_code == 200
    assert client.get(feed_url(net.network, second)).status_code == 404
    NetworkMember.objects.filter(pk=net.organisation_member.pk).update(
        status=NetworkMember.Status.LEFT
    )
    assert client.get(feed_url(net.network, first)).status_code == 404


def test_feed_ends_with_the_member_row_and_with_the_account(client, net):
    token = feeds.feed_for(net.person, net.network).token
    net.person.is_active = False
    net.person.save()
    assert client.get(feed_url(net.network, token)).status_code == 404
    org_token = feeds.feed_for(net.org_user, net.network).token
    net.organisation_member.delete()
    assert client.get(feed_url(net.network, org_token)).status_code == 404


def test_staff_feed_ends_with_the_role(client, world, net):
    coordinator = world.users["coordinator_x"]
    token = shown_token(client, coordinator, net.network)
    assert client.get(feed_url(net.network, token)).status_code == 200
    RoleAssignment.objects.filter(user=coordinator).delete()
    assert client.get(feed_url(net.network, token)).status_code == 404


def test_renewing_replaces_the_address_at_once(client, net):
    old = shown_token(client, net.person, net.network)
    renew = reverse("networks:feed_renew", args=[net.network.pk])
    assert client.get(renew).status_code == 405
    response = client.post(renew)
    assert response["Location"] == reverse("networks:detail", args=[net.network.pk])
    new = shown_token(client, net.person, net.network)
    assert new != old
    assert client.get(feed_url(net.network, old)).status_code == 404
    assert client.get(feed_url(net.network, new)).status_code == 200
    event = AuditEvent.objects.get(action="network.calendar_feed_renewed")
    assert event.actor == net.person
    assert new not in str(event.before) + str(event.after)
    # the colleague's address is untouched
    colleague = feeds.feed_for(net.org_user_2, net.network).token
    client.force_login(net.org_user)
    client.post(renew)
    assert client.get(feed_url(net.network, colleague)).status_code == 200


def test_renewing_needs_a_login(client, net):
    response = client.post(reverse("networks:feed_renew", args=[net.network.pk]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
