"""What networks announce to followers (portal.announcements): a public meeting planned
in a public network, with the network and its focus areas and districts."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator

from networks.models import Meeting
from portal import announcements

SUMMARY_WORDS = 40


def meeting_announce(meeting: Meeting) -> bool:
    """Announce ``meeting`` if the public may see it: shown publicly, of a public network,
    planned and still to come. Returns whether it was announced (after the commit;
    announcing it again alerts nobody twice)."""
    network = meeting.network
    if not (
        meeting.is_public
        and network.is_public
        and meeting.status == Meeting.Status.PLANNED
        and meeting.starts_at > timezone.now()
    ):
        return False
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("networks:meeting", args=[meeting.pk])
        when = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")
    summary = f"{network.name}, {when}. {Truncator(meeting.description).words(SUMMARY_WORDS)}"
    announcements.announce(
        announcements.Announcement(
            kind=announcements.MEETING,
            key=f"meeting:{meeting.pk}",
            municipality_id=network.municipality_id,
            title=meeting.title,
            path=path,
            summary=summary.strip(),
            focus_area_ids=network.focus_areas.values_list("pk", flat=True),
            district_ids=network.districts.values_list("pk", flat=True),
            network_ids=[network.pk],
        )
    )
    return True
