"""The networks' reminders (run daily by ``portal.reminders``): meetings tomorrow and
overdue actions. Registered from ``NetworksConfig.ready()``."""

from datetime import timedelta

from networks.emails import meeting_url, member_recipients
from networks.models import Action, Invitation, Meeting
from portal import reminders
from portal.notifications import notify


@reminders.rule
def meetings_tomorrow(municipality, today) -> int:
    """Members who said yes or have not answered, the day before. The key holds the start
    time, so a meeting moved to another day is reminded of for its new time only."""
    if not reminders.policy(municipality).meeting_day_before:
        return 0
    meetings = Meeting.objects.filter(
        network__municipality=municipality,
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


@reminders.rule
def actions_overdue(municipality, today) -> int:
    if not reminders.policy(municipality).action_overdue:
        return 0
    actions = Action.objects.filter(
        network__municipality=municipality, status__in=Action.OPEN_STATUSES, due_on__lt=today
    ).select_related(
        "network__coordinator", "owner_member__organisation", "owner_member__user", "owner_officer"
    )
    count = 0
    for action in actions:
        owners = (
            member_recipients(action.owner_member)
            if action.owner_member_id
            else [action.owner_officer]
        )
        coordinator = [action.network.coordinator] if action.network.coordinator_id else []
        count += len(
            notify(
                kind="reminder.action_overdue",
                key=f"action:{action.pk}:overdue",
                template="networks/email/action_overdue",
                context={
                    "action": action,
                    "url": reminders.url("networks:detail", action.network_id),
                },
                recipients=[*owners, *coordinator],
                municipality=municipality,
            )
        )
    return count
