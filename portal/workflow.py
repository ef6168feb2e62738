"""The ground floor's state machine: an outbox message's status, moves and who makes them.

The worker sends a waiting message or, after its last attempt, marks it failed; staff queue a
failed message again. The outbox row is itself the record of each move (attempts, last error,
time sent); queuing again is audited (``portal.notifications.notifications_send_again``).
"""

from portal.models import Notification

N = Notification.Status
WORKER, STAFF = "worker", "staff"

NOTIFICATION_TRANSITIONS = {
    (N.PENDING, N.SENT): WORKER,
    (N.PENDING, N.FAILED): WORKER,
    (N.FAILED, N.PENDING): STAFF,
}


def allowed(from_status: str, to_status: str, actor_kind: str) -> bool:
    return NOTIFICATION_TRANSITIONS.get((from_status, to_status)) == actor_kind


def sources(to_status: str, actor_kind: str) -> list[str]:
    """The statuses from which ``actor_kind`` may move a message to ``to_status``."""
    return [
        before
        for (before, after), kind in NOTIFICATION_TRANSITIONS.items()
        if after == to_status and kind == actor_kind
    ]
