"""The app's Celery tasks: thin, by id, idempotent (acks_late: a worker lost mid-task runs
it again, and the outbox's unique rows make the second run queue nothing new)."""

from celery import shared_task
from django.db import transaction

from surveys.delivery import queue_invitations
from surveys.models import Survey


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=3,
             default_retry_delay=60)  # fmt: skip
def survey_invite(self, survey_id: int) -> int:
    """Queue a sent survey's invitations (scheduled on commit of the sending); how many rows
    this run queued. A survey no longer open (cancelled meanwhile) is left alone; the row
    lock makes two runs at once queue one after the other."""
    with transaction.atomic():
        survey = (
            Survey.objects.select_for_update(of=("self",))
            .select_related("municipality", "segment")
            .filter(pk=survey_id, status=Survey.Status.OPEN)
            .first()
        )
        if survey is None:
            return 0
        return queue_invitations(survey)
