"""Reminder jobs: each finds what is due in bulk queries and queues one notification per
recipient in the outbox. The outbox's unique key makes every job idempotent: run it twice
(or retry it after a crash) and nobody gets the same reminder twice.

Days come from each municipality's ReminderPolicy (defaults when it has none); all dates are
Stockholm dates.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation

from portal.models import Municipality, ReminderPolicy, Role, User
from portal.notifications import (
    absolute_url,
    notify,
    notify_many,
    organisation_people,
    people_by_organisation,
)

DEFAULTS = ReminderPolicy()


def _policy(municipality) -> ReminderPolicy:
    return getattr(municipality, "reminder_policy", None) or DEFAULTS


def _url(name, *args) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(reverse(name, args=args))


def call_closing(municipality, today) -> int:
    """Drafts in calls that close in N days: remind the organisation's people."""
    from grants.models import Application

    days = _policy(municipality).call_closing_days
    if days is None:
        return 0
    drafts = list(
        Application.objects.filter(
            status=Application.Status.DRAFT,
            call__programme__committee__municipality=municipality,
            call__closes_at__date__gt=today,
            call__closes_at__date__lte=today + timedelta(days=days),
        ).select_related("call", "organisation")
    )
    people = people_by_organisation(d.organisation_id for d in drafts)
    items = [
        (
            f"application:{d.pk}:closing",
            {"application": d, "url": _url("grants:application", d.pk)},
            people.get(d.organisation_id, []),
        )
        for d in drafts
    ]
    return len(
        notify_many(
            kind="reminder.call_closing",
            template="notifications/call_closing",
            items=items,
            municipality=municipality,
        )
    )


def completion_unanswered(municipality, today) -> int:
    from grants.models import Application

    days = _policy(municipality).completion_days
    if days is None:
        return 0
    cutoff = today - timedelta(days=days)
    waiting = (
        Application.objects.filter(
            status=Application.Status.COMPLETION_REQUESTED,
            call__programme__committee__municipality=municipality,
        )
        .annotate(
            asked=Max(
                "events__created_at",
                filter=Q(events__to_status=Application.Status.COMPLETION_REQUESTED),
            )
        )
        .select_related("organisation", "call")
    )
    count = 0
    for application in waiting:
        if application.asked is None or timezone.localdate(application.asked) > cutoff:
            continue
        count += len(
            notify(
                kind="reminder.completion",
                key=f"application:{application.pk}:completion:{application.asked.timestamp():.0f}",
                template="notifications/completion",
                context={
                    "application": application,
                    "url": _url("grants:application", application.pk),
                },
                recipients=organisation_people(application.organisation),
                municipality=municipality,
            )
        )
    return count


def reports(municipality, today) -> int:
    """Reports due in N days; overdue ones to the association, and after M days overdue to
    the case's officer too (escalation). Three batched inserts, whatever the number."""
    from grants.models import FollowUpReport

    policy = _policy(municipality)
    open_reports = list(
        FollowUpReport.objects.filter(
            status__in=FollowUpReport.EDITABLE,
            decision__application__call__programme__committee__municipality=municipality,
        ).select_related(
            "decision__application__organisation",
            "decision__application__assigned_to",
            "decision__decided_by",
        )
    )
    people = people_by_organisation(r.decision.application.organisation_id for r in open_reports)
    due, overdue, escalated = [], [], []
    due_until = (
        today + timedelta(days=policy.report_due_days)
        if policy.report_due_days is not None
        else None
    )
    for report in open_reports:
        application = report.decision.application
        context = {
            "report": report,
            "application": application,
            "url": _url("grants:report", application.pk),
        }
        recipients = people.get(application.organisation_id, [])
        if due_until is not None and today <= report.due_on <= due_until:
            due.append((f"report:{report.pk}:due", context, recipients))
        if report.due_on < today:
            overdue.append((f"report:{report.pk}:overdue", context, recipients))
            late = policy.report_escalation_days
            officer = application.assigned_to or report.decision.decided_by
            if late is not None and officer and report.due_on + timedelta(days=late) <= today:
                url = _url("admin:grants_followupreport_change", report.pk)
                escalated.append(
                    (f"report:{report.pk}:escalated", {**context, "url": url}, [officer])
                )
    jobs = [
        ("reminder.report_due", "notifications/report_due", due),
        ("reminder.report_overdue", "notifications/report_overdue", overdue),
        ("reminder.report_escalated", "notifications/report_escalated", escalated),
    ]
    return sum(
        len(notify_many(kind=kind, template=template, items=items, municipality=municipality))
        for kind, template, items in jobs
        if items
    )


def renewal(municipality, today) -> int:
    """Eligibility that lapses within N days: time for the yearly renewal."""
    from organisations.models import EligibilityPeriod

    days = _policy(municipality).renewal_days
    if days is None:
        return 0
    periods = list(
        EligibilityPeriod.objects.filter(
            organisation__municipality=municipality,
            revoked_at__isnull=True,
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=days),
        ).select_related("organisation")
    )
    people = people_by_organisation((p.organisation_id for p in periods), roles=["responsible"])
    items = [
        (
            f"eligibility:{p.pk}",
            {
                "period": p,
                "organisation": p.organisation,
                "url": _url("organisations:detail", p.organisation_id),
            },
            people.get(p.organisation_id, []),
        )
        for p in periods
    ]
    return len(
        notify_many(
            kind="reminder.renewal",
            template="notifications/renewal",
            items=items,
            municipality=municipality,
        )
    )


def meetings_tomorrow(municipality, today) -> int:
    """Members who said yes or have not answered, the day before. The key holds the start
    time, so a meeting moved to another day is reminded of for its new time only."""
    from networks.emails import meeting_url, member_recipients
    from networks.models import Invitation, Meeting

    if not _policy(municipality).meeting_day_before:
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
                template="notifications/meeting",
                context={"meeting": meeting, "url": meeting_url(meeting)},
                recipients=recipients,
                municipality=municipality,
            )
        )
    return count


def actions_overdue(municipality, today) -> int:
    from networks.emails import member_recipients
    from networks.models import Action

    if not _policy(municipality).action_overdue:
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
                template="notifications/action_overdue",
                context={"action": action, "url": _url("networks:detail", action.network_id)},
                recipients=[*owners, *coordinator],
                municipality=municipality,
            )
        )
    return count


def officer_digest(municipality, today) -> int:
    """Weekly (Mondays): each officer's cases waiting longer than the target handling time."""
    from grants.models import Application

    target = _policy(municipality).target_handling_days
    if target is None or today.weekday() != 0:
        return 0
    late = Application.objects.filter(
        call__programme__committee__municipality=municipality,
        status__in=[Application.Status.SUBMITTED, Application.Status.UNDER_REVIEW],
        submitted_at__date__lte=today - timedelta(days=target),
    ).select_related("organisation", "assigned_to", "call__programme__committee")
    by_committee = {}
    for application in late:
        by_committee.setdefault(application.call.programme.committee_id, []).append(application)
    count = 0
    week = today.isocalendar()
    for committee_id, cases in by_committee.items():
        officers = User.objects.filter(
            role_assignments__committee_id=committee_id, role_assignments__role=Role.OFFICER
        ).distinct()
        count += len(
            notify(
                kind="reminder.officer_digest",
                key=f"digest:{committee_id}:{week.year}-W{week.week}",
                template="notifications/officer_digest",
                context={
                    "cases": cases,
                    "target": target,
                    "url": _url("admin:grants_application_changelist"),
                },
                recipients=list(officers),
                municipality=municipality,
            )
        )
    return count


JOBS = [
    call_closing,
    completion_unanswered,
    reports,
    renewal,
    meetings_tomorrow,
    actions_overdue,
    officer_digest,
]


def run_all(today=None) -> dict:
    """Run every reminder for every active municipality; returns how many were queued."""
    today = today or timezone.localdate()
    counts = {}
    for municipality in Municipality.objects.filter(is_active=True).select_related(
        "reminder_policy"
    ):
        for job in JOBS:
            counts[job.__name__] = counts.get(job.__name__, 0) + job(municipality, today)
    return counts
