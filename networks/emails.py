"""Emails of the networks app (rendered in Swedish, links absolute)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from networks.calendar import meeting_ics
from networks.models import Meeting, NetworkMember


def member_addresses(member: NetworkMember) -> list[str]:
    """Where a member is reached: the person, the organisation's people, or the partner."""
    if member.user_id:
        return [member.user.email]
    if member.organisation_id:
        return sorted(set(member.organisation.memberships.values_list("user__email", flat=True)))
    return [member.contact_email] if member.contact_email else []


def meeting_invitations(meeting_id: int, member_ids: list[int]) -> None:
    meeting = Meeting.objects.select_related("network", "place").get(pk=meeting_id)
    members = NetworkMember.objects.filter(pk__in=member_ids).select_related("organisation", "user")
    recipients = sorted({address for m in members for address in member_addresses(m)})
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("networks:meeting", args=[meeting.pk])
        context = {"meeting": meeting, "url": settings.PORTAL_BASE_URL.rstrip("/") + path}
        message = EmailMessage(
            subject=render_to_string("networks/email/invitation_subject.txt", context).strip(),
            body=render_to_string("networks/email/invitation.txt", context),
            bcc=recipients,
        )
    message.attach("mote.ics", meeting_ics(meeting), "text/calendar")
    message.send()
