"""Portal-wide periodic tasks: the heartbeat, the notification outbox and the reminders."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from portal import retention
from portal.login_limits import purge_expired
from portal.notifications import deliver_pending, drain_starting
from portal.reminders import run_all

HEARTBEAT_KEY = "celery:heartbeat"


@shared_task(ignore_result=True)
def heartbeat() -> str:
    """Records that beat and a worker are alive; /healthz reports its age."""
    now = timezone.now().isoformat()
    cache.set(HEARTBEAT_KEY, now, timeout=None)
    return now


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=5,
             default_retry_delay=30)  # fmt: skip
def outbox_drain(self) -> int:
    """Send every due notification, in batches (every minute from beat, and on commit)."""
    drain_starting()  # before the first read: a row committed from now on asks again
    total = 0
    while True:
        sent = deliver_pending()
        total += sent
        if sent == 0:
            return total


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=3,
             default_retry_delay=300)  # fmt: skip
def reminders_run(self) -> dict:
    """Queue every reminder that is due today (daily from beat); idempotent."""
    counts = run_all()
    outbox_drain.delay()
    return counts


@shared_task(bind=True, acks_late=True, ignore_result=True)
def retention_run(self) -> dict:
    """Carry out data retention (monthly from beat); each step is audited."""
    steps = retention.plan()
    retention.carry_out(steps)
    return {step.what: step.count for step in steps}


@shared_task(ignore_result=True)
def login_limits_purge() -> int:
    """Delete the login defences' expired entries (hourly from beat)."""
    return purge_expired()
