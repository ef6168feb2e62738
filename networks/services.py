"""Writes of the networks app: joining, invitations and answers (within the places),
attendance, minutes, actions and documents. Each checks who may do it; every status change
is checked against the tables in ``networks.workflow`` and audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from networks import emails, selectors, services_signups, signups, workflow
from networks.models import (
    Action,
    Attendance,
    Invitation,
    Meeting,
    Network,
    NetworkDocument,
    NetworkMember,
)
from networks.register import sync_register_entry
from organisations.permissions import NETWORKS, may_for_organisation
from organisations.uploads import store_checked_upload
from portal import capacity
from portal.roles import ADMIN_ROLES
from portal.selectors import user_has_role
from portal.services import audit_record

R = Invitation.Response
M = NetworkMember.Status


def _require_manager(user, network):
    if not selectors.can_manage(user, network):
        raise PermissionDenied


def move_problem(table, statuses, old: str, new: str, actor_kinds) -> str | None:
    """Why ``actor_kinds`` may not move a row from ``old`` to ``new`` (None: they may). The
    admin's forms ask the same, so a refused move is a form error before anything is saved."""
    if new not in statuses.values:
        return _("Unknown status.")
    if old == new or workflow.allowed(old, new, actor_kinds, table):
        return None
    labels = {"old": statuses(old).label, "new": statuses(new).label}
    who = table.get((old, new), frozenset())
    if workflow.MANAGER in who:
        return (
            _("Only the municipality's staff can change the status from “%(old)s” to “%(new)s”.")
            % labels
        )
    if workflow.ORGANISATION in who:
        return _("Only the organisation itself can ask to join again.")
    return _("The status cannot change from “%(old)s” to “%(new)s”.") % labels


def _check_move(table, statuses, old, new, actor_kinds) -> None:
    problem = move_problem(table, statuses, old, new, actor_kinds)
    if problem:
        raise ValidationError(problem, code="invalid_move")


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
        table = workflow.MEMBER_TRANSITIONS
        if not workflow.allowed(member.status, M.REQUESTED, workflow.ORGANISATION, table):
            raise ValidationError(_("The organisation is already a member or has asked to join."))
        before = member.status
        member.status, member.requested_by, member.request_message = M.REQUESTED, by, message
        member.save(update_fields=["status", "requested_by", "request_message"])
    audit_record(
        actor=by,
        action="network.join_requested",
        target=member,
        municipality=network.municipality,
        before={} if created else {"status": before},
        after={"organisation": organisation.name, "status": M.REQUESTED},
    )
    return member


@transaction.atomic
def join_decide(*, member: NetworkMember, accept: bool, by) -> NetworkMember:
    member = NetworkMember.objects.select_for_update().select_related("network").get(pk=member.pk)
    _require_manager(by, member.network)
    if member.status != M.REQUESTED:
        raise ValidationError(_("There is no request to decide."))
    to_status = M.ACTIVE if accept else M.DECLINED
    _check_move(workflow.MEMBER_TRANSITIONS, M, member.status, to_status, workflow.MANAGER)
    member.status = to_status
    member.save(update_fields=["status"])
    if accept:  # a new partner in the register
        sync_register_entry(member.network)
    audit_record(
        actor=by,
        action="network.join_decided",
        target=member,
        municipality=member.network.municipality,
        before={"status": M.REQUESTED},
        after={"status": member.status},
    )
    return member


@transaction.atomic
def member_set_status(*, member: NetworkMember, status: str, by) -> NetworkMember:
    """The coordinator's moves of a member (takes in, records that a member left), checked
    against ``workflow.MEMBER_TRANSITIONS`` and audited; a request is decided as
    ``join_decide`` does it."""
    member = NetworkMember.objects.select_for_update().select_related("network").get(pk=member.pk)
    _require_manager(by, member.network)
    before = member.status
    _check_move(workflow.MEMBER_TRANSITIONS, M, before, status, workflow.MANAGER)
    if status == before:
        return member
    if before == M.REQUESTED:
        return join_decide(member=member, accept=status == M.ACTIVE, by=by)
    member.status = status
    member.save(update_fields=["status"])
    sync_register_entry(member.network)  # the register's partners: the active members
    audit_record(
        actor=by,
        action="network.member_status_changed",
        target=member,
        municipality=member.network.municipality,
        before={"status": before},
        after={"status": status},
    )
    return member


# --- meetings -------------------------------------------------------------------------------

# A change of these makes calendars update the event (RFC 5545 SEQUENCE).
CALENDAR_FIELDS = frozenset(
    {"title", "starts_at", "ends_at", "mode", "place", "online_url", "status"}
)


def meeting_move_problem(meeting: Meeting, status: str) -> str | None:
    """Why the municipality may not move ``meeting`` to ``status`` (None: it may): the
    workflow table, and a meeting whose attendance is recorded took place."""
    table, statuses = workflow.MEETING_TRANSITIONS, Meeting.Status
    problem = move_problem(table, statuses, meeting.status, status, workflow.MANAGER)
    cancels = problem is None and status != meeting.status and status == statuses.CANCELLED
    if cancels and meeting.pk and meeting.attendance.exists():
        problem = _(
            "The attendance of this meeting is recorded: it took place and cannot be cancelled."
        )
    return problem


def _meeting_move(meeting: Meeting, status: str, by) -> None:
    """Check and audit a move of a locked meeting; the caller saves it."""
    problem = meeting_move_problem(meeting, status)
    if problem:
        raise ValidationError(problem, code="invalid_move")
    before = meeting.status
    meeting.status = status
    audit_record(
        actor=by,
        action="meeting.status_changed",
        target=meeting,
        municipality=meeting.network.municipality,
        before={"status": before},
        after={"status": status},
    )


def _locked_meeting(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("network__municipality")
        .get(pk=meeting.pk)
    )


@transaction.atomic
def meeting_set_status(*, meeting: Meeting, status: str, by) -> Meeting:
    """Cancel a meeting or put it back (``workflow.MEETING_TRANSITIONS``), audited; the
    calendar sequence rises so members' calendars show the change."""
    meeting = _locked_meeting(meeting)
    _require_manager(by, meeting.network)
    if status == meeting.status and status in Meeting.Status.values:
        return meeting
    _meeting_move(meeting, status, by)
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence"])
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, changes: dict, by) -> Meeting:
    """Save changed fields of an existing meeting (``{field name: new value}``, e.g. the
    admin form's changed data). A change calendars show (time, place, title, status) raises
    the calendar sequence once, so members' calendars update the event; a status change is
    a checked, audited move; minutes and decisions are saved by ``minutes_save`` (audited).
    Returns the saved meeting."""
    current = _locked_meeting(meeting)
    _require_manager(by, current.network)
    changes = dict(changes)
    if "network" in changes:  # moved to another network: the user must manage that one too
        _require_manager(by, changes["network"])
    status = changes.pop("status", current.status)
    minutes = {name: changes.pop(name) for name in ("minutes", "decisions") if name in changes}
    for name, value in changes.items():
        setattr(current, name, value)
    fields = set(changes)
    if status != current.status:
        _meeting_move(current, status, by)
        fields.add("status")
    if fields & CALENDAR_FIELDS:
        current.sequence += 1
        fields.add("sequence")
    if fields:
        current.save(update_fields=sorted(fields))
    if "capacity" in fields:  # more places (or none) go to the waiting list
        _promote_waiting(current)
    if minutes:
        minutes_save(
            meeting=current,
            minutes=minutes.get("minutes", current.minutes),
            decisions=minutes.get("decisions", current.decisions),
            by=by,
        )
    return current


@transaction.atomic
def meeting_invite(*, meeting: Meeting, by, members=None) -> int:
    """Invite the given members (default: all active members); already invited ones are
    left as they are. Returns how many were newly invited."""
    meeting = _locked_meeting(meeting)  # not cancelled meanwhile
    _require_manager(by, meeting.network)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("The meeting has been cancelled."))
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
            taken = signups.places_taken(meeting, exclude=invitation)
            if not capacity.fits(meeting.capacity, taken, places):
                raise ValidationError(
                    _(
                        "The meeting is full: %(free)s of %(capacity)s places are left. You can "
                        "join the waiting list."
                    )
                    % {"free": capacity.free(meeting.capacity, taken), "capacity": meeting.capacity}
                )
        invitation.response, invitation.places = response, places
        invitation.responded_at, invitation.responded_by = timezone.now(), by
        invitation.save(update_fields=["response", "places", "responded_at", "responded_by"])
        if was_yes and response != R.YES:
            _promote_waiting(meeting)
    return invitation


def _promote_waiting(meeting: Meeting) -> None:
    """A freed place goes to the meeting's one waiting list of members and open sign-ups
    (``networks.services_signups.promote_waiting``; the caller holds the meeting's lock)."""
    services_signups.promote_waiting(meeting)


@transaction.atomic
def attendance_record(*, meeting: Meeting, people_by_member: dict, by) -> None:
    """Record who came: ``{member_id: number of people}``; 0 or missing removes the row."""
    meeting = _locked_meeting(meeting)  # not cancelled meanwhile
    _require_manager(by, meeting.network)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("The meeting has been cancelled."))
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

ANCHOR_FIELDS = ("network", "collaboration", "focus_area")
OWNER_FIELDS = ("owner_member", "owner_officer", "owner_unit", "owner_organisation")
ONE_OWNER = gettext_lazy(
    "Give one owner: a member, an officer, an administration or an organisation."
)


def action_municipality(*, network=None, collaboration=None, focus_area=None):
    """The municipality an action belongs to: its anchor's (None without an anchor)."""
    for anchor in (network, collaboration, focus_area):
        if anchor is not None:
            return anchor.municipality
    return None


def action_owner_problems(
    *,
    network: Network | None = None,
    collaboration=None,
    focus_area=None,
    municipality=None,
    owner_member=None,
    owner_officer=None,
    owner_unit=None,
    owner_organisation=None,
    meeting=None,
    agreement=None,
) -> dict:
    """What is wrong with an action's anchors, owner and origin, per field (empty: nothing):
    everything in one municipality (the anchors', or ``municipality``), a member owner only
    on a network's action and active in it, an officer working for the municipality, a
    meeting of the action's network. Used by ``action_create`` and by the admin's forms, so
    both refuse the same things. Owners and origins not given are not checked."""
    municipality = municipality or action_municipality(
        network=network, collaboration=collaboration, focus_area=focus_area
    )
    if municipality is None:
        return {}
    here = municipality.pk
    elsewhere = _("It must belong to %(municipality)s.") % {"municipality": municipality.name}
    problems = {}
    for field, anchor in (
        ("network", network),
        ("collaboration", collaboration),
        ("focus_area", focus_area),
        ("owner_unit", owner_unit),
        ("owner_organisation", owner_organisation),
    ):
        if anchor is not None and anchor.municipality_id != here:
            problems[field] = elsewhere
    if owner_member is not None:
        if network is None:
            problems["owner_member"] = _("A member can own only an action of its network.")
        elif owner_member.network_id != network.pk or owner_member.status != M.ACTIVE:
            problems["owner_member"] = _("The owner must be a member of the network.")
    if owner_officer is not None and not user_has_role(owner_officer, municipality, ADMIN_ROLES):
        problems["owner_officer"] = _("The owner must work for the municipality.")
    if meeting is not None and (network is None or meeting.network_id != network.pk):
        problems["meeting"] = _("The meeting belongs to another network.")
    if agreement is not None:
        if agreement.collaboration.municipality_id != here:
            problems["agreement"] = elsewhere
        elif collaboration is not None and agreement.collaboration_id != collaboration.pk:
            problems["agreement"] = _("The agreement belongs to another collaboration.")
    return problems


@transaction.atomic
def action_create(
    *,
    title: str,
    due_on,
    by,
    network: Network | None = None,
    collaboration=None,
    focus_area=None,
    owner_member=None,
    owner_officer=None,
    owner_unit=None,
    owner_organisation=None,
    meeting=None,
    agreement=None,
    description: str = "",
) -> Action:
    """Record an action in an action plan: it hangs on a network, a collaboration or a
    focus area (at least one, all in one municipality), may come from a meeting of its
    network or an agreement, and has one owner: an active member of its network, an
    officer of the municipality, an administration or a partner organisation. A network's
    managers add its actions; otherwise the coordinators, and whoever may change the
    anchored collaboration."""
    municipality = action_municipality(
        network=network, collaboration=collaboration, focus_area=focus_area
    )
    if municipality is None:
        raise ValidationError(
            _("Say what the action belongs to: a network, a collaboration or a focus area.")
        )
    if not selectors.may_plan_actions(
        by, municipality=municipality, network=network, collaboration=collaboration
    ):
        raise PermissionDenied
    owners = [owner_member, owner_officer, owner_unit, owner_organisation]
    if sum(owner is not None for owner in owners) != 1:
        raise ValidationError(ONE_OWNER)
    problems = action_owner_problems(
        network=network, collaboration=collaboration, focus_area=focus_area,
        owner_member=owner_member, owner_officer=owner_officer, owner_unit=owner_unit,
        owner_organisation=owner_organisation, meeting=meeting, agreement=agreement,
    )  # fmt: skip
    if problems:
        raise ValidationError(problems)
    action = Action(
        municipality=municipality, network=network, collaboration=collaboration,
        focus_area=focus_area, meeting=meeting, agreement=agreement, title=title,
        description=description, owner_member=owner_member, owner_officer=owner_officer,
        owner_unit=owner_unit, owner_organisation=owner_organisation, due_on=due_on,
        created_by=by,
    )  # fmt: skip
    action.full_clean()
    action.save()
    audit_record(
        actor=by,
        action="action.created",
        target=action,
        municipality=municipality,
        after={
            "owner": action.owner_name,
            "due_on": str(due_on),
            "belongs_to": ", ".join(
                str(anchor) for anchor in (network, collaboration, focus_area) if anchor
            ),
        },
    )
    return action


def _plain(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


@transaction.atomic
def action_update(*, action: Action, changes: dict, by) -> Action:
    """Save changed fields of an existing action (``{field name: new value}``, e.g. the
    admin form's changed data) by its managers, who must also manage it as changed (e.g.
    when it moves to another network); anchors, owner and origin are checked as
    ``action_create`` checks them, in the action's municipality. The status and the note
    on progress go through ``action_set_status``. Audited."""
    current = (
        Action.objects.select_for_update(of=("self",))
        .select_related("municipality", "network__municipality", "collaboration")
        .get(pk=action.pk)
    )
    if not selectors.manages_action(by, current):
        raise PermissionDenied
    changes = dict(changes)
    if "municipality" in changes:
        raise ValidationError(_("An action stays in its municipality."))
    status = changes.pop("status", current.status)
    note = changes.pop("progress_note", None)
    checked = {name: changes.get(name, getattr(current, name)) for name in ANCHOR_FIELDS}
    origins = (*OWNER_FIELDS, "meeting", "agreement")
    checked.update({k: v for k, v in changes.items() if k in origins})
    if "network" in changes and current.owner_member_id and "owner_member" not in changes:
        checked["owner_member"] = current.owner_member
    problems = action_owner_problems(municipality=current.municipality, **checked)
    if problems:
        raise ValidationError(problems)
    before = {name: _plain(getattr(current, name)) for name in changes}
    for name, value in changes.items():
        setattr(current, name, value)
    if changes:
        if not selectors.manages_action(by, current):
            raise PermissionDenied
        current.full_clean()
        current.save(update_fields=sorted(changes))
        audit_record(
            actor=by,
            action="action.updated",
            target=current,
            municipality=current.municipality,
            before=before,
            after={name: _plain(getattr(current, name)) for name in changes},
        )
    if status != current.status or note is not None:
        current = action_set_status(action=current, status=status, by=by, note=note)
    return current


def action_actor_kinds(user, action: Action) -> frozenset:
    """What ``user`` is to ``action`` in ``workflow.ACTION_TRANSITIONS``: its owner, its
    manager, both or neither (the same people ``selectors.may_update_action`` lets in)."""
    return selectors.action_actor_kinds(user, action)


@transaction.atomic
def action_set_status(*, action: Action, status: str, by, note: str | None = None) -> Action:
    """Move an action (``workflow.ACTION_TRANSITIONS``): its owner reports progress, its
    managers also drop and revive it; audited, with the time it was done. ``note`` (None:
    kept as it is) is the short note on how far it has come, saved and audited with it."""
    action = (
        Action.objects.select_for_update(of=("self",))
        .select_related("municipality", "network__municipality", "collaboration", "owner_unit")
        .get(pk=action.pk)
    )
    kinds = action_actor_kinds(by, action)
    if not kinds:
        raise PermissionDenied
    before = action.status
    _check_move(workflow.ACTION_TRANSITIONS, Action.Status, before, status, kinds)
    note = action.progress_note if note is None else note.strip()
    if len(note) > Action._meta.get_field("progress_note").max_length:
        raise ValidationError({"progress_note": _("The note is too long.")})
    if status == before and note == action.progress_note:
        return action
    old = {"status": before, "progress_note": action.progress_note}
    fields = ["progress_note"]
    if status != before:
        action.status = status
        action.completed_at = timezone.now() if status == Action.Status.DONE else None
        fields += ["status", "completed_at"]
    action.progress_note = note
    action.save(update_fields=fields)
    new = {"status": status, "progress_note": note}
    audit_record(
        actor=by,
        action="action.status_changed" if status != before else "action.progress_noted",
        target=action,
        municipality=action.municipality,
        before={k: v for k, v in old.items() if v != new[k]},
        after={k: v for k, v in new.items() if v != old[k]},
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
