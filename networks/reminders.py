"""The networks' reminders (run daily by ``portal.reminders``): meetings tomorrow and
overdue actions of every action plan. Registered from ``NetworksConfig.ready()``."""

from datetime import timedelta

from collaborations.roles import COORDINATE
from networks.emails import meeting_url, member_recipients
from networks.models import Action, Invitation, Meeting
from organisations.permissions import NETWORKS, roles_with
from organisations.selectors import organisation_people
from portal import reminders
from portal.notifications import notify
from portal.permissions import roles_granting
from portal.selectors import staff_with_roles


@reminders.rule
def meetings_tomorrow(municipality, today) -> int:
    """Members who said yes or have not answered, the day before. The key holds the start
    time, so a meeting moved to another day is reminded of for its new time only."""
    if not reminders.policy(municipality).meeting_day_before:
        return 0
    meetings = Meeting.objects.filter(
        municipality=municipality,
        status=Meeting.Status.PLANNED,
        starts_at__date=today + timedelta(days=1),
    ).select_related("network", "place")
    count = 0
    for meeting in meetings:
        invitations = meeting.invitations.filter(
            response__in=[Invitation.Response.YES, Invitation.Response.NO_ANSWER]
        ).select_related("member__organisation", "member__user")
        recipients = [r for i in invitations for r in member_recipients(i.member)]
        count += len(
            notify(
                kind="reminder.meeting",
                key=f"meeting:{meeting.pk}:{meeting.starts_at.isoformat()}",
                template="networks/email/meeting_reminder",
                context={"meeting": meeting, "url": meeting_url(meeting)},
                recipients=recipients,
                municipality=municipality,
            )
        )
    return count


def _coordinators(municipality) -> list:
    """The municipality's people with the coordinating responsibility."""
    return list(staff_with_roles(municipality, roles_granting(COORDINATE)))


def action_owner_recipients(action: Action, coordinators) -> list:
    """Who owns an action, as people to remind: the member (``member_recipients``), the
    officer, for an administration the responsible person of the anchored collaboration
    (else the municipality's coordinators), for an organisation its people who act for it
    in networks."""
    if action.owner_member_id:
        return member_recipients(action.owner_member)
    if action.owner_officer_id:
        return [action.owner_officer]
    if action.owner_unit_id:
        responsible = action.collaboration.responsible if action.collaboration_id else None
        return [responsible] if responsible is not None else coordinators()
    if action.owner_organisation_id:
        return organisation_people(action.owner_organisation, roles=roles_with(NETWORKS))
    return []


def action_coordinator_recipients(action: Action, coordinators) -> list:
    """Who follows an action up: its network's coordinator, else the anchored
    collaboration's responsible person, else the municipality's coordinators."""
    if action.network_id and action.network.coordinator_id:
        return [action.network.coordinator]
    if action.collaboration_id and action.collaboration.responsible_id:
        return [action.collaboration.responsible]
    return coordinators()


def plan_name(action: Action) -> str:
    """What the action's plan is called: its network, collaboration or focus area."""
    anchor = action.network or action.collaboration or action.focus_area
    return str(anchor)


@reminders.rule
def actions_overdue(municipality, today) -> int:
    """Every open action of the municipality's action plans past its due date (networks,
    collaborations, focus areas): its owners and whoever follows it up, once per action."""
    if not reminders.policy(municipality).action_overdue:
        return 0
    actions = Action.objects.filter(
        municipality=municipality, status__in=Action.OPEN_STATUSES, due_on__lt=today
    ).select_related(
        "network__coordinator",
        "collaboration__responsible",
        "focus_area",
        "owner_member__organisation",
        "owner_member__user",
        "owner_officer",
        "owner_unit",
        "owner_organisation",
    )
    found = []

    def coordinators():  # read once, and only when an action needs them
        if not found:
            found.append(_coordinators(municipality))
        return found[0]

    count = 0
    for action in actions:
        owners = action_owner_recipients(action, coordinators)
        followers = action_coordinator_recipients(action, coordinators)
        url = (
            reminders.url("networks:detail", action.network_id)
            if action.network_id
            else reminders.url("portal:my_page")
        )
        count += len(
            notify(
                kind="reminder.action_overdue",
                key=f"action:{action.pk}:overdue",
                template="networks/email/action_overdue",
                context={"action": action, "plan": plan_name(action), "url": url},
                recipients=[*owners, *followers],
                municipality=municipality,
            )
        )
    return count
