"""What the officer's case page shows after the application: the micro-grant's promised
decision date, and each follow-up report with its indicators (target → result) and what its
acceptance releases. Used by templates/admin/grants/application/_follow_up.html."""

from django import template

from grants.models import Decision
from grants.selectors.fast_track import decision_promise, promise_days_left, promise_text
from grants.selectors.reports import decision_report_readings, releases_text

register = template.Library()


@register.simple_tag
def case_follow_up(application) -> dict:
    decision = (
        Decision.objects.filter(application=application).select_related("application").first()
    )
    readings = decision_report_readings(decision) if decision is not None else []
    days = promise_days_left(application)
    return {
        "promise": decision_promise(application),
        "promise_text": promise_text(days) if days is not None else "",
        "overdue": days is not None and days < 0,
        "decision_days": application.call.programme.decision_days,
        "readings": readings,
    }


@register.simple_tag
def report_releases(report) -> str:
    """What accepting ``report`` releases, in words ("" if nothing waits for it)."""
    return releases_text(report)
