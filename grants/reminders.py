"""The grants' reminders (run daily by ``portal.reminders``): calls closing on a draft,
completions not answered, follow-up reports due, overdue and escalated, and the officers'
weekly digest of late cases. Registered from ``GrantsConfig.ready()``."""

from datetime import timedelta

from django.db.models import Max, Q
from django.utils import timezone

from grants.announcements import call_announce, calls_opening_on
from grants.models import Application, FollowUpReport
from organisations.selectors import organisation_people, people_by_organisation
from portal import reminders
from portal.models import Role, User
from portal.notifications import notify, notify_many


@reminders.rule
def call_closing(municipality, today) -> int:
    """Drafts in calls that close in N days: remind the organisation's people."""
    days = reminders.policy(municipality).call_closing_days
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
            {"application": d, "url": reminders.url("grants:application", d.pk)},
            people.get(d.organisation_id, []),
        )
        for d in drafts
    ]
    return len(
        notify_many(
            kind="reminder.call_closing",
            template="grants/email/call_closing",
            items=items,
            municipality=municipality,
        )
    )


@reminders.rule
def completion_unanswered(municipality, today) -> int:
    days = reminders.policy(municipality).completion_days
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
                template="grants/email/completion",
                context={
                    "application": application,
                    "url": reminders.url("grants:application", application.pk),
                },
                recipients=organisation_people(application.organisation),
                municipality=municipality,
            )
        )
    return count


@reminders.rule
def reports(municipality, today) -> int:
    """Reports due in N days; overdue ones to the association, and after M days overdue to
    the case's officer too (escalation). Three batched inserts, whatever the number."""
    policy = reminders.policy(municipality)
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
            "url": reminders.url("grants:report", application.pk, report.number),
        }
        recipients = people.get(application.organisation_id, [])
        if due_until is not None and today <= report.due_on <= due_until:
            due.append((f"report:{report.pk}:due", context, recipients))
        if report.due_on < today:
            overdue.append((f"report:{report.pk}:overdue", context, recipients))
            late = policy.report_escalation_days
            officer = application.assigned_to or report.decision.decided_by
            if late is not None and officer and report.due_on + timedelta(days=late) <= today:
                url = reminders.url("admin:grants_followupreport_change", report.pk)
                escalated.append(
                    (f"report:{report.pk}:escalated", {**context, "url": url}, [officer])
                )
    jobs = [
        ("reminder.report_due", "grants/email/report_due", due),
        ("reminder.report_overdue", "grants/email/report_overdue", overdue),
        ("reminder.report_escalated", "grants/email/report_escalated", escalated),
    ]
    return sum(
        len(notify_many(kind=kind, template=template, items=items, municipality=municipality))
        for kind, template, items in jobs
        if items
    )


@reminders.rule
def officer_digest(municipality, today) -> int:
    """Weekly (Mondays): each officer's cases waiting longer than the target handling time."""
    target = reminders.policy(municipality).target_handling_days
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
                template="grants/email/officer_digest",
                context={
                    "cases": cases,
                    "target": target,
                    "url": reminders.url("admin:grants_application_changelist"),
                },
                recipients=list(officers),
                municipality=municipality,
            )
        )
    return count


@reminders.rule
def calls_opening(municipality, today) -> int:
    """Calls opening today are announced to their followers (grants.announcements); the
    alerts are queued by the followers' app, so this rule queues nothing itself."""
    for call in calls_opening_on(municipality, today):
        call_announce(call, today)
    return 0
