"""Mailings' state machine: ``{(from, to): who may make the move}``. The services check
every move here and audit it; the admin offers only the moves the table allows; tests walk
every pair of states.

A draft is sent (*sending*: the coordinator pressed send and the worker is queuing it for
its recipients) or dropped (*cancelled*). The worker (``SYSTEM``) marks it *sent* once every
recipient's message is in the outbox. A mailing being sent cannot be stopped: its messages
are in the outbox, which is the record of whom it reached."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from outreach.models import Mailing
from portal.workflow import allowed_for_kinds as allowed
from portal.workflow import moves_for_kinds as moves  # noqa: F401 - workflow.moves

M = Mailing.Status
COORDINATOR, SYSTEM = "coordinator", "system"

MAILING_TRANSITIONS = {
    (M.DRAFT, M.SENDING): frozenset({COORDINATOR}),
    (M.DRAFT, M.CANCELLED): frozenset({COORDINATOR}),
    (M.SENDING, M.SENT): frozenset({SYSTEM}),
}

CREATED_AS = {"mailing": M.DRAFT}


def move_problem(table, statuses, old: str, new: str, actor_kinds) -> str | None:
    """Why ``actor_kinds`` may not move a row of ``table`` from ``old`` to ``new`` (None:
    they may)."""
    if new not in statuses.values:
        return _("Unknown status.")
    if allowed(old, new, actor_kinds, table):
        return None
    labels = {"old": statuses(old).label, "new": statuses(new).label}
    if old == new:
        return _("The mailing is already “%(new)s”.") % labels
    if table.get((old, new)):
        return _("You may not change the status from “%(old)s” to “%(new)s”.") % labels
    return _("The status cannot change from “%(old)s” to “%(new)s”.") % labels


def check_move(table, statuses, old, new, actor_kinds) -> None:
    """``move_problem`` as an error."""
    problem = move_problem(table, statuses, old, new, actor_kinds)
    if problem:
        raise ValidationError(problem, code="invalid_move")
