"""Emails of the networks app, queued in the outbox (portal.notifications); links absolute."""

from networks.calendar import meeting_ics
from networks.models import Meeting, NetworkMember
from organisations.selectors import organisation_people
from portal.links import absolute_reverse
from portal.notifications import notify


def member_recipients(member: NetworkMember) -> list:
    """Who a member is: the person, the organisation's people, or the partner's address."""
    if member.user_id:
        return [member.user]
    if member.organisation_id:
        return organisation_people(member.organisation)
    return [member.contact_email] if member.contact_email else []


def meeting_url(meeting: Meeting) -> str:
    return absolute_reverse("networks:meeting", args=[meeting.pk])


def meeting_invitations(meeting: Meeting, members) -> None:
    recipients = [r for member in members for r in member_recipients(member)]
    notify(
        kind="networks.invitation",
        key=f"meeting:{meeting.pk}:invitation:{meeting.sequence}",
        template="networks/email/invitation",
        context={"meeting": meeting, "url": meeting_url(meeting)},
        recipients=recipients,
        municipality=meeting.network.municipality,
        attachment=("mote.ics", meeting_ics(meeting), "text/calendar"),
    )
