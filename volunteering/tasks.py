"""The app's Celery tasks: thin, by id, idempotent (acks_late: a worker lost mid-task runs
it again, and the outbox's unique rows make the second run queue nothing new)."""

from celery import shared_task
from django.db import transaction

from volunteering.delivery import queue_callout
from volunteering.models import CallOut


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=3,
             default_retry_delay=60)  # fmt: skip
def callout_send(self, callout_id: int) -> int:
    """Queue a sent call-out for its recipients (scheduled on commit of the sending); how
    many rows this run queued. A call-out no longer open (cancelled meanwhile) is left
    alone. The row lock makes two runs at once queue one after the other."""
    with transaction.atomic():
        callout = (
            CallOut.objects.select_for_update(of=("self",))
            .select_related("municipality")
            .filter(pk=callout_id, status=CallOut.Status.OPEN)
            .first()
        )
        if callout is None:
            return 0
        return queue_callout(callout)  # the outbox asks a worker to send on commit
