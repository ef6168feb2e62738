"""Writes of the networks app: joining, invitations and answers (within the places),
attendance, minutes, actions and documents. Each checks who may do it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from networks import emails, selectors
from networks.models import (
    Action,
    Attendance,
    Invitation,
    Meeting,
    Network,
    NetworkDocument,
    NetworkMember,
)
from organisations.permissions import NETWORKS, may_for_organisation
from organisations.uploads import store_checked_upload
from portal.roles import ADMIN_ROLES
from portal.selectors import user_has_role
from portal.services import audit_record

R = Invitation.Response
M = NetworkMember.Status


def _require_manager(user, network):
    if not selectors.can_manage(user, network):
        raise PermissionDenied


# --- membership -----------------------------------------------------------------------------


@transaction.atomic
def join_request(*, network: Network, organisation, by, message: str = "") -> NetworkMember:
    """An organisation asks to join a public network; the coordinator decides."""
    if not network.is_public:
        raise ValidationError(_("This network is by invitation only."))
    if not may_for_organisation(by, organisation, NETWORKS):
        raise PermissionDenied
    if organisation.municipality_id != network.municipality_id:
        raise ValidationError(
            _("The network is for organisations in %(municipality)s.")
            % {"municipality": network.municipality.name}
        )
    member, created = NetworkMember.objects.select_for_update().get_or_create(
        network=network,
        organisation=organisation,
        defaults={
            "kind": NetworkMember.Kind.ORGANISATION,
            "status": M.REQUESTED,
            "requested_by": by,
            "request_message": message,
        },
    )
    if not created:
        if member.status in (M.ACTIVE, M.REQUESTED):
            raise ValidationError(_("The organisation is already a member or has asked to join."))
        member.status, member.requested_by, member.request_message = M.REQUESTED, by, message
        member.save(update_fields=["status", "requested_by", "request_message"])
    audit_record(
        actor=by,
        action="network.join_requested",
        target=member,
        municipality=network.municipality,
        after={"organisation": organisation.name},
    )
    return member


@transaction.atomic
def join_decide(*, member: NetworkMember, accept: bool, by) -> NetworkMember:
    member = NetworkMember.objects.select_for_update().select_related("network").get(pk=member.pk)
    _require_manager(by, member.network)
    if member.status != M.REQUESTED:
        raise ValidationError(_("There is no request to decide."))
    member.status = M.ACTIVE if accept else M.DECLINED
    member.save(update_fields=["status"])
    audit_record(
        actor=by,
        action="network.join_decided",
        target=member,
        municipality=member.network.municipality,
        before={"status": M.REQUESTED},
        after={"status": member.status},
    )
    return member


# --- meetings -------------------------------------------------------------------------------


@transaction.atomic
def meeting_invite(*, meeting: Meeting, by, members=None) -> int:
    """Invite the given members (default: all active members); already invited ones are
    left as they are. Returns how many were newly invited."""
    _require_manager(by, meeting.network)
    if meeting.has_started:
        raise ValidationError(_("The meeting has already started."))
    pool = meeting.network.members.filter(status=M.ACTIVE)
    if members is not None:
        pool = pool.filter(pk__in=[m.pk for m in members])
    already = set(meeting.invitations.values_list("member_id", flat=True))
    new = [Invitation(meeting=meeting, member=m) for m in pool if m.pk not in already]
    Invitation.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        invited = NetworkMember.objects.filter(pk__in=[i.member_id for i in new])
        emails.meeting_invitations(meeting, invited.select_related("organisation", "user"))
    return len(new)


def rsvp(*, invitation: Invitation, response: str, by, places: int = 1) -> Invitation:
    """Answer an invitation. The meeting's row is locked while places are counted, so
    answers at the same moment never exceed the places; a full meeting refuses a yes (the
    member may join the waiting list instead), and a place that frees goes to the first on
    the waiting list whose party fits."""
    if response not in R.values or response == R.NO_ANSWER:
        raise ValidationError(_("Choose an answer."))
    if places < 1:
        raise ValidationError({"places": _("At least one place.")})
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=invitation.meeting_id)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not selectors.invitations_for_user(by, meeting).filter(pk=invitation.pk).exists():
            raise PermissionDenied
        if meeting.status == Meeting.Status.CANCELLED:
            raise ValidationError(_("The meeting has been cancelled."))
        if meeting.has_started:
            raise ValidationError(_("The meeting has already started; answers are closed."))
        was_yes = invitation.response == R.YES
        if response == R.YES and meeting.capacity is not None:
            free = meeting.capacity - selectors.places_taken(meeting, exclude=invitation)
            if places > free:
                raise ValidationError(
                    _(
                        "The meeting is full: %(free)s of %(capacity)s places are left. You can "
                        "join the waiting list."
                    )
                    % {"free": max(free, 0), "capacity": meeting.capacity}
                )
        invitation.response, invitation.places = response, places
        invitation.responded_at, invitation.responded_by = timezone.now(), by
        invitation.save()
        if was_yes and response != R.YES:
            _promote_waiting(meeting)
    return invitation


def _promote_waiting(meeting: Meeting) -> None:
    if meeting.capacity is None:
        return
    free = meeting.capacity - selectors.places_taken(meeting)
    waiting = meeting.invitations.select_for_update().filter(response=R.WAITLIST)
    for candidate in waiting.order_by("responded_at", "pk"):
        if candidate.places <= free:
            candidate.response = R.YES
            candidate.save(update_fields=["response"])
            free -= candidate.places


@transaction.atomic
def attendance_record(*, meeting: Meeting, people_by_member: dict, by) -> None:
    """Record who came: ``{member_id: number of people}``; 0 or missing removes the row."""
    _require_manager(by, meeting.network)
    if not meeting.has_started:
        raise ValidationError(_("Attendance can be recorded once the meeting has started."))
    members = set(meeting.network.members.values_list("pk", flat=True))
    for member_id, people in people_by_member.items():
        if int(member_id) not in members:
            raise ValidationError(_("Only the network's members can be recorded."))
        if people:
            Attendance.objects.update_or_create(
                meeting=meeting,
                member_id=member_id,
                defaults={"people": people, "recorded_by": by},
            )
        else:
            Attendance.objects.filter(meeting=meeting, member_id=member_id).delete()
    audit_record(
        actor=by,
        action="meeting.attendance_recorded",
        target=meeting,
        municipality=meeting.network.municipality,
        after={str(k): v for k, v in people_by_member.items()},
    )


@transaction.atomic
def minutes_save(*, meeting: Meeting, minutes: str, decisions: str, by) -> Meeting:
    _require_manager(by, meeting.network)
    before = {"minutes": meeting.minutes, "decisions": meeting.decisions}
    meeting.minutes, meeting.decisions = minutes, decisions
    meeting.save(update_fields=["minutes", "decisions"])
    audit_record(
        actor=by,
        action="meeting.minutes_saved",
        target=meeting,
        municipality=meeting.network.municipality,
        before=before,
        after={"minutes": minutes, "decisions": decisions},
    )
    return meeting


# --- actions and documents -----------------------------------------------------------------


def action_owner_problems(
    *, network: Network, owner_member=None, owner_officer=None, meeting=None
) -> dict:
    """What is wrong with an action's owner and meeting, per field (empty: nothing). Used
    by ``action_create`` and by the admin's forms, so both refuse the same things."""
    problems = {}
    if owner_member is not None and (
        owner_member.network_id != network.pk or owner_member.status != M.ACTIVE
    ):
        problems["owner_member"] = _("The owner must be a member of the network.")
    if owner_officer is not None and not user_has_role(
        owner_officer, network.municipality, ADMIN_ROLES
    ):
        problems["owner_officer"] = _("The owner must work for the municipality.")
    if meeting is not None and meeting.network_id != network.pk:
        problems["meeting"] = _("The meeting belongs to another network.")
    return problems


@transaction.atomic
def action_create(
    *,
    network: Network,
    title: str,
    due_on,
    by,
    owner_member=None,
    owner_officer=None,
    meeting=None,
    description: str = "",
) -> Action:
    """Record an action with one owner: an active member of the network or an officer of
    the municipality."""
    _require_manager(by, network)
    if (owner_member is None) == (owner_officer is None):
        raise ValidationError(_("Give one owner: a member or an officer."))
    problems = action_owner_problems(
        network=network, owner_member=owner_member, owner_officer=owner_officer, meeting=meeting
    )
    if problems:
        raise ValidationError(problems)
    action = Action.objects.create(
        network=network,
        meeting=meeting,
        title=title,
        description=description,
        owner_member=owner_member,
        owner_officer=owner_officer,
        due_on=due_on,
        created_by=by,
    )
    audit_record(
        actor=by,
        action="action.created",
        target=action,
        municipality=network.municipality,
        after={"owner": action.owner_name, "due_on": str(due_on)},
    )
    return action


@transaction.atomic
def action_set_status(*, action: Action, status: str, by) -> Action:
    action = Action.objects.select_for_update().select_related("network").get(pk=action.pk)
    if not selectors.may_update_action(by, action):
        raise PermissionDenied
    if status not in Action.Status.values:
        raise ValidationError(_("Unknown status."))
    before = action.status
    action.status = status
    action.completed_at = timezone.now() if status == Action.Status.DONE else None
    action.save(update_fields=["status", "completed_at"])
    audit_record(
        actor=by,
        action="action.status_changed",
        target=action,
        municipality=action.network.municipality,
        before={"status": before},
        after={"status": status},
    )
    return action


@transaction.atomic
def document_upload(*, network: Network, uploaded, title: str, by, meeting=None):
    """Share a file within the network (members and managers only); checked by content."""
    if not selectors.may_see_inside(by, network):
        raise PermissionDenied
    document = NetworkDocument(network=network, meeting=meeting, uploaded_by=by, title=title)
    store_checked_upload(document, uploaded)
    if not title:  # the name as stored, whose extension follows the detected type
        document.title = document.original_name
        document.save(update_fields=["title"])
    return document
