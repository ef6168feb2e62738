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


# --- the apps' tables of moves by kind of actor ---------------------------------------------
# ``{(from, to): frozenset of actor kinds}`` (networks.workflow, collaborations.workflow):
# one reading of such a table for every app.


def _kinds(actor_kinds) -> frozenset:
    return frozenset({actor_kinds} if isinstance(actor_kinds, str) else actor_kinds)


def allowed_for_kinds(from_status: str, to_status: str, actor_kinds, table) -> bool:
    """Whether someone of ``actor_kinds`` (one kind, or the set a person holds) may move a
    row of ``table`` from ``from_status`` to ``to_status``."""
    return bool(table.get((from_status, to_status), frozenset()) & _kinds(actor_kinds))


def moves_for_kinds(from_status: str, actor_kinds, table) -> list[str]:
    """The statuses ``actor_kinds`` may move a row of ``table`` in ``from_status`` to."""
    kinds = _kinds(actor_kinds)
    return [to for (source, to), who in table.items() if source == from_status and who & kinds]
