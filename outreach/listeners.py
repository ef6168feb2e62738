"""Who hears of what is announced (portal.announcements): alerts to followers.

The listener runs once the announcing transaction has committed. It stores one alert per
follower who should hear of it (outreach.selectors.follows.followers says who: the
municipality's followers of any focus area, district, network or organisation it is
about, who want its kind and have not paused their alerts; an announcement about nothing
in particular reaches everyone following anything in the municipality). People who want
news at once are emailed by a Celery task scheduled on commit; the others get it in their
next digest (outreach.digests). An announcement made again stores nothing new."""

from django.db import transaction

from outreach.services.alerts import alerts_create, request_sending
from portal import announcements


@announcements.listen
def alert_followers(announcement: announcements.Announcement) -> None:
    with transaction.atomic():
        _count, at_once = alerts_create(announcement)
        if at_once:
            transaction.on_commit(
                lambda: request_sending(announcement.key, announcement.municipality_id)
            )
