"""Celery tasks of the grants app: thin, idempotent, called with ids after commit."""

from celery import shared_task

from grants import emails


@shared_task(bind=True, acks_late=True, max_retries=5, default_retry_delay=30)
def send_submission_receipt(self, application_id: int) -> None:
    """Email the receipt of a submitted application to the organisation's people."""
    try:
        emails.submission_receipt(application_id)
    except OSError as exc:  # SMTP trouble: try again later
        raise self.retry(exc=exc) from exc


@shared_task(bind=True, acks_late=True, max_retries=5, default_retry_delay=30)
def send_decision_notice(self, application_id: int) -> None:
    """Tell the organisation's people that their application has been decided."""
    try:
        emails.decision_notice(application_id)
    except OSError as exc:
        raise self.retry(exc=exc) from exc
