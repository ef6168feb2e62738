"""The networks' part of a person's data rights (``portal.gdpr``), registered from
``NetworksConfig.ready()``: their network memberships, meeting answers, attendance and
actions in the export; on erasure their memberships end and their meeting answers go."""

from contextlib import suppress

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone

from networks import services, services_signups
from networks.models import Action, Attendance, Invitation, NetworkMember
from portal.gdpr import erasure, export
from portal.gdpr.export import iso


@export.section
def networks(user) -> dict:
    mine = Q(member__user=user) | Q(responded_by=user)
    return {
        "network_memberships": [
            {
                "network": m.network.name,
                "role": m.role,
                "status": m.status,
                "request_message": m.request_message,
                "created_at": iso(m.created_at),
            }
            for m in NetworkMember.objects.filter(user=user)
            .select_related("network")
            .order_by("pk")
        ],
        "meeting_answers": [
            {
                "meeting": i.meeting.title,
                "starts_at": iso(i.meeting.starts_at),
                "answer": i.response,
                "places": i.places,
                "answered_at": iso(i.responded_at),
            }
            for i in Invitation.objects.filter(mine).select_related("meeting").order_by("pk")
        ],
        "meeting_attendance": [
            {
                "meeting": a.meeting.title,
                "starts_at": iso(a.meeting.starts_at),
                "people": a.people,
            }
            for a in Attendance.objects.filter(member__user=user)
            .select_related("meeting")
            .order_by("pk")
        ],
        "open_forum_signups": [
            {
                "meeting": s.meeting.title,
                "starts_at": iso(s.meeting.starts_at),
                "name": s.name,
                "email": s.email,
                "organisation": s.organisation_name,
                "places": s.places,
                "access_needs": s.access_needs,
                "interpreter": s.interpreter,
                "status": s.status,
                "signed_up_at": iso(s.signed_up_at),
                "checked_in_at": iso(s.checked_in_at),
            }
            for s in services_signups.signups_of_person(user).select_related("meeting")
        ],
        "network_actions": [
            {
                "title": a.title,
                "network": a.network.name if a.network_id else "",
                "collaboration": a.collaboration.title if a.collaboration_id else "",
                "focus_area": a.focus_area.name if a.focus_area_id else "",
                "due_on": iso(a.due_on),
                "status": a.status,
                "progress_note": a.progress_note,
            }
            for a in Action.objects.filter(
                Q(owner_officer=user) | Q(owner_member__user=user) | Q(created_by=user)
            )
            .select_related("network", "collaboration", "focus_area")
            .distinct()
            .order_by("pk")
        ],
    }


@erasure.step
def leave_networks(user) -> dict:
    """Personal network memberships end and their meeting answers go. The member row stays
    (as *left*, pointing at the erased account) when attendance or actions are recorded on
    it, since those are the network's history and statistics; otherwise it is deleted."""
    answers = Invitation.objects.filter(member__user=user)
    coming = answers.filter(response=Invitation.Response.YES, meeting__starts_at__gt=timezone.now())
    for invitation in coming:  # a "no" first, so the places go to the waiting list
        with suppress(ValidationError, PermissionDenied):  # e.g. a cancelled meeting
            services.rsvp(invitation=invitation, response="no", by=user)
    answers = answers.delete()[0]
    Invitation.objects.filter(responded_by=user).update(responded_by=None)
    members = NetworkMember.objects.filter(user=user)
    history = Q(attendance__isnull=False) | Q(actions__isnull=False)
    kept = set(members.filter(history).values_list("pk", flat=True))
    NetworkMember.objects.filter(pk__in=kept).update(
        status=NetworkMember.Status.LEFT,
        listed_publicly=False,
        contact_email="",
        request_message="",
    )
    gone = set(members.values_list("pk", flat=True)) - kept
    NetworkMember.objects.filter(pk__in=gone).delete()
    return {
        "network_memberships": len(kept) + len(gone),
        "meeting_answers": answers,
        "open_signups": services_signups.erase_signups(user=user),
    }
