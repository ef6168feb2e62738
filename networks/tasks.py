"""Celery tasks of the networks app: thin, idempotent, called with ids after commit."""

from celery import shared_task

from networks import emails


@shared_task(bind=True, acks_late=True, max_retries=5, default_retry_delay=30)
def send_meeting_invitations(self, meeting_id: int, member_ids: list[int]) -> None:
    """Email the invitation, with the calendar file, to the invited members' people."""
    try:
        emails.meeting_invitations(meeting_id, member_ids)
    except OSError as exc:
        raise self.retry(exc=exc) from exc
