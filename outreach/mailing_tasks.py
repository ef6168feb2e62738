"""The mailings' Celery task: thin, by id, idempotent (acks_late: a worker lost mid-task
runs it again, and the mailing found sent makes the second run queue nothing).

Named explicitly, because the services send it by name and the worker must know it under
that name: Celery's autodiscovery imports each app's ``tasks`` module, and
``outreach/tasks.py`` imports this one so the worker registers it."""

from celery import shared_task

from outreach.services.mailings import mailing_deliver


@shared_task(name="outreach.mailing_tasks.mailing_send", bind=True, acks_late=True,
             ignore_result=True, max_retries=3, default_retry_delay=60)  # fmt: skip
def mailing_send(self, mailing_id: int) -> int:
    """Queue a mailing being sent for its recipients and mark it sent (scheduled on commit
    of the sending); how many rows this run queued."""
    return mailing_deliver(mailing_id)
