"""The following's Celery tasks: thin, by key, idempotent (acks_late: a worker lost
mid-task runs it again, and alerts already marked sent are not emailed again)."""

from celery import shared_task

from outreach.mailing_tasks import mailing_send  # noqa: F401 - autodiscovery reads tasks.py
from outreach.services.alerts import send_at_once


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=3,
             default_retry_delay=60)  # fmt: skip
def alerts_send(self, key: str, municipality_id: int) -> int:
    """Email the at-once alerts of announcement ``key`` (scheduled on commit of the
    listener); how many outbox rows this run queued."""
    return send_at_once(key, municipality_id)
