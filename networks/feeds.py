"""Personal calendar feeds of networks: made for a person who may see inside the network,
answered only while they still may, and replaced at the person's request.

Who may see inside is asked on every request for the feed (``selectors.may_see_inside``):
a person whose membership ended, whose organisation left the network or who left the
organisation, or whose staff role ended, gets 404 from that moment, and their address is
removed so that it cannot come back if they return later.
"""

import re

from django.core.exceptions import PermissionDenied
from django.db import transaction

from networks import selectors
from networks.models import CalendarFeed, Network
from networks.models.feeds import feed_token
from portal.services import audit_record

TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,64}")  # what secrets.token_urlsafe makes


def _may_have_feed(user, network: Network) -> bool:
    return user.is_active and selectors.may_see_inside(user, network)


def feed_for(user, network: Network) -> CalendarFeed:
    """The person's feed of the network, made the first time it is asked for."""
    if not _may_have_feed(user, network):
        raise PermissionDenied
    feed, _created = CalendarFeed.objects.get_or_create(network=network, user=user)
    return feed


@transaction.atomic
def feed_renew(user, network: Network) -> CalendarFeed:
    """A new secret address for the person; the old one stops working at once."""
    if not _may_have_feed(user, network):
        raise PermissionDenied
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(
        network=network, user=user
    )
    if not created:
        feed.token = feed_token()
        feed.save(update_fields=["token"])
    audit_record(  # the secret itself is never written to the trail
        actor=user,
        action="network.calendar_feed_renewed",
        target=network,
        municipality=network.municipality,
    )
    return feed


def feed_network(network_pk: int, token: str) -> Network | None:
    """The network whose feed ``token`` opens, or None: unknown, for another network, or of a
    person who no longer may see inside (then the address is removed for good)."""
    if not TOKEN_SHAPE.fullmatch(token):  # junk (NUL, too long...) is not looked up
        return None
    feed = (
        CalendarFeed.objects.select_related("network__municipality", "user")
        .filter(token=token, network_id=network_pk)
        .first()
    )
    if feed is None:
        return None
    if not _may_have_feed(feed.user, feed.network):
        feed.delete()
        return None
    return feed.network
