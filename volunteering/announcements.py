"""What volunteering announces to followers (portal.announcements): a call-out that is
sent, with its focus areas, districts and networks. The page linked is the call-out's
(answered by volunteers and by the people of organisations)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator

from portal import announcements
from volunteering.models import CallOut

SUMMARY_WORDS = 40


def callout_announce(callout: CallOut) -> None:
    """Announce a sent call-out (after the commit; announcing it again alerts nobody twice)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("volunteering:callout", args=[callout.pk])
    announcements.announce(
        announcements.Announcement(
            kind=announcements.CALLOUT,
            key=f"callout:{callout.pk}",
            municipality_id=callout.municipality_id,
            title=callout.title,
            path=path,
            summary=Truncator(callout.description).words(SUMMARY_WORDS),
            focus_area_ids=callout.focus_areas.values_list("pk", flat=True),
            district_ids=callout.districts.values_list("pk", flat=True),
            network_ids=callout.networks.values_list("pk", flat=True),
        )
    )
