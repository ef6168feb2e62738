"""The survey's state machine: ``{(from, to): who may make the move}``. The services check
every move here and audit it; the admin offers only the moves the table allows; tests walk
every pair of states.

A draft is sent (*open*: the invitations go out) or dropped (*cancelled*). An open survey
closes at its closing time (``SYSTEM``, the daily job) or earlier by a coordinator, or is
cancelled. A closed survey may be opened again with a later closing time (answers kept;
nobody is invited again). ``COORDINATOR`` holds ``surveys.permissions.may_run``."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal.workflow import allowed_for_kinds as allowed
from portal.workflow import moves_for_kinds as moves  # noqa: F401 - workflow.moves
from surveys.models import Survey

S = Survey.Status
COORDINATOR, SYSTEM = "coordinator", "system"
ONLY_COORDINATOR = frozenset({COORDINATOR})

SURVEY_TRANSITIONS = {
    (S.DRAFT, S.OPEN): ONLY_COORDINATOR,
    (S.DRAFT, S.CANCELLED): ONLY_COORDINATOR,
    (S.OPEN, S.CLOSED): frozenset({COORDINATOR, SYSTEM}),
    (S.OPEN, S.CANCELLED): ONLY_COORDINATOR,
    (S.CLOSED, S.OPEN): ONLY_COORDINATOR,
}

CREATED_AS = {"survey": S.DRAFT}


def move_problem(old: str, new: str, actor_kinds) -> str | None:
    """Why ``actor_kinds`` may not move a survey from ``old`` to ``new`` (None: they may)."""
    if new not in S.values:
        return _("Unknown status.")
    if old == new or allowed(old, new, actor_kinds, SURVEY_TRANSITIONS):
        return None
    labels = {"old": S(old).label, "new": S(new).label}
    if SURVEY_TRANSITIONS.get((old, new)):
        return _("You may not change the status from “%(old)s” to “%(new)s”.") % labels
    return _("The status cannot change from “%(old)s” to “%(new)s”.") % labels


def check_move(old, new, actor_kinds) -> None:
    problem = move_problem(old, new, actor_kinds)
    if problem:
        raise ValidationError(problem, code="invalid_move")
