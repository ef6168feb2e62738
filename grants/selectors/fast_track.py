"""Reads for micro-grants (snabbspår): the decision date promised to the applicant and the
officers' queue of cases near or past it. The promise is ``decision_days`` working days
(grants.working_days) after the application was submitted."""

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.models import Application, GrantProgramme
from grants.working_days import add_working_days, days_left, latest_start

# Cases waiting for a decision: the promise is kept or broken while they wait.
AWAITING = (
    Application.Status.SUBMITTED,
    Application.Status.UNDER_REVIEW,
    Application.Status.COMPLETION_REQUESTED,
)
SOON_DAYS = 2  # "due soon": the promise falls within this many working days


def decision_promise(application: Application) -> date | None:
    """The day the decision is promised by, for a submitted micro-grant application."""
    programme = application.call.programme
    if not programme.fast_track or not programme.decision_days or not application.submitted_at:
        return None
    submitted = timezone.localdate(application.submitted_at)
    return add_working_days(submitted, programme.decision_days)


def promise_days_left(application: Application, today: date | None = None) -> int | None:
    """Working days left to the promise (0: today; negative: that many days late), for a
    micro-grant case still waiting for its decision; None for any other case."""
    if application.status not in AWAITING:
        return None
    promise = decision_promise(application)
    if promise is None:
        return None
    return days_left(promise, today or timezone.localdate())


def promise_text(days: int | None) -> str:
    """How the queue says it: "3 days left", "Decision due today", "2 days overdue"."""
    if days is None:
        return "–"
    if days == 0:
        return _("Decision due today")
    if days == 1:
        return _("1 day left")
    if days > 1:
        return _("%(days)s days left") % {"days": days}
    if days == -1:
        return _("1 day overdue")
    return _("%(days)s days overdue") % {"days": -days}


def fast_track_cases(queryset: QuerySet, which: str, today: date | None = None) -> QuerySet:
    """Micro-grant cases waiting for a decision whose promise has passed (``"overdue"``),
    falls within SOON_DAYS working days (``"soon"``), or all of them (``"all"``).

    The promise depends on the programme's decision time, so the cases are matched per
    decision time by the latest (or earliest) submission day that is still in range: one
    query, the database compares dates.
    """
    today = today or timezone.localdate()
    waiting = queryset.filter(call__programme__fast_track=True, status__in=AWAITING)
    if which == "all":
        return waiting
    days_values = (
        GrantProgramme.objects.filter(fast_track=True, decision_days__isnull=False)
        .values_list("decision_days", flat=True)
        .distinct()
    )
    match = Q(pk__in=[])
    for days in days_values:
        same = Q(call__programme__decision_days=days)
        overdue_until = latest_start(days, promise_by=today - timedelta(days=1))
        if which == "overdue":
            match |= same & Q(submitted_at__date__lte=overdue_until)
        else:
            soon_until = latest_start(days, promise_by=add_working_days(today, SOON_DAYS))
            match |= (
                same
                & Q(submitted_at__date__gt=overdue_until)
                & Q(submitted_at__date__lte=soon_until)
            )
    return waiting.filter(match)
