"""The insights app's periodic tasks: the monthly reports and the rollups' refresh.

They keep the names they had in portal.tasks: django-celery-beat's PeriodicTask rows (seeded
by portal/migrations/0008 and grants/migrations/0010) call them by name.
"""

from celery import shared_task

from insights.reports import run_monthly
from insights.rollups import rollups_refresh_due


@shared_task(name="portal.tasks.reports_run", bind=True, acks_late=True, ignore_result=True)
def reports_run(self) -> int:
    """Monthly reports for politicians and, in January, the yearly mapping (idempotent)."""
    return run_monthly()


@shared_task(name="portal.tasks.dashboard_rollups_refresh", bind=True, acks_late=True,
             ignore_result=True)  # fmt: skip
def dashboard_rollups_refresh(self) -> int:
    """Rebuild the dashboard rollups of municipalities whose figures changed (every five
    minutes from beat); a rebuild is idempotent, so a repeated run only costs time."""
    return len(rollups_refresh_due())
