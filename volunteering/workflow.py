"""Mobilisation and volunteering's state machines: ``{(from, to): who may make the move}``.
The services check every move here and audit it; the admin offers only the moves the table
allows; tests walk every pair of states.

Who may: ``COORDINATOR`` holds the municipality's coordinating responsibility
(``permissions.may_coordinate``); ``HOST`` runs a volunteer post (its administration's
officers, the coordinators, or the organisation's own people for its opportunities);
``GIVER`` is the organisation or volunteer who pledged; ``VOLUNTEER`` is the person
themselves; ``SYSTEM`` is the portal (a place freed on a shift goes to the waiting list).

Call-outs. A draft is sent (*open*) or dropped (*cancelled*); an open call-out is closed
with an account, or cancelled. A closed one may be opened again (more help needed).

Pledges. Offered, then accepted or declined by the coordinator; the giver may withdraw
until the call-out closes. An accepted pledge may be declined after all and vice versa.

Volunteers. Available or paused, by themselves or a coordinator.

Posts. Drafted, published, closed; a closed post may be published again.

Shift sign-ups. Booked or on the waiting list at sign-up (by the places left); a booking
cancelled frees the place for the first waiting, whom the portal books. A cancelled sign-up
may be made again (booked or waiting by the places then left).

Recognitions. Nominated, then published or withdrawn; a published one may be withdrawn.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal.workflow import allowed_for_kinds as allowed
from portal.workflow import moves_for_kinds as moves  # noqa: F401 - workflow.moves
from volunteering.models import CallOut, Pledge, Post, Recognition, ShiftSignup, Volunteer

C = CallOut.Status
P = Pledge.Status
V = Volunteer.Status
O = Post.Status  # noqa: E741 - O for "opportunity", P is taken
S = ShiftSignup.Status
R = Recognition.Status
COORDINATOR, HOST, GIVER, VOLUNTEER, SYSTEM = (
    "coordinator",
    "host",
    "giver",
    "volunteer",
    "system",
)
ONLY_COORDINATOR = frozenset({COORDINATOR})

CALLOUT_TRANSITIONS = {
    (C.DRAFT, C.OPEN): ONLY_COORDINATOR,
    (C.DRAFT, C.CANCELLED): ONLY_COORDINATOR,
    (C.OPEN, C.CLOSED): ONLY_COORDINATOR,
    (C.OPEN, C.CANCELLED): ONLY_COORDINATOR,
    (C.CLOSED, C.OPEN): ONLY_COORDINATOR,
}

PLEDGE_TRANSITIONS = {
    (P.PLEDGED, P.ACCEPTED): ONLY_COORDINATOR,
    (P.PLEDGED, P.DECLINED): ONLY_COORDINATOR,
    (P.PLEDGED, P.WITHDRAWN): frozenset({GIVER}),
    (P.ACCEPTED, P.DECLINED): ONLY_COORDINATOR,
    (P.ACCEPTED, P.WITHDRAWN): frozenset({GIVER}),
    (P.DECLINED, P.ACCEPTED): ONLY_COORDINATOR,
    (P.WITHDRAWN, P.PLEDGED): frozenset({GIVER}),
}

VOLUNTEER_TRANSITIONS = {
    (V.ACTIVE, V.PAUSED): frozenset({VOLUNTEER, COORDINATOR}),
    (V.PAUSED, V.ACTIVE): frozenset({VOLUNTEER, COORDINATOR}),
}

POST_TRANSITIONS = {
    (O.DRAFT, O.PUBLISHED): frozenset({HOST}),
    (O.PUBLISHED, O.CLOSED): frozenset({HOST}),
    (O.CLOSED, O.PUBLISHED): frozenset({HOST}),
}

SIGNUP_TRANSITIONS = {
    (S.WAITING, S.CONFIRMED): frozenset({SYSTEM}),
    (S.CONFIRMED, S.CANCELLED): frozenset({VOLUNTEER, HOST}),
    (S.WAITING, S.CANCELLED): frozenset({VOLUNTEER, HOST}),
    (S.CANCELLED, S.CONFIRMED): frozenset({VOLUNTEER}),
    (S.CANCELLED, S.WAITING): frozenset({VOLUNTEER}),
}

RECOGNITION_TRANSITIONS = {
    (R.NOMINATED, R.PUBLISHED): ONLY_COORDINATOR,
    (R.NOMINATED, R.WITHDRAWN): ONLY_COORDINATOR,
    (R.PUBLISHED, R.WITHDRAWN): ONLY_COORDINATOR,
    (R.WITHDRAWN, R.NOMINATED): ONLY_COORDINATOR,
}

# The status a new row starts in (a sign-up starts booked or waiting by the places left).
CREATED_AS = {
    "callout": C.DRAFT,
    "pledge": P.PLEDGED,
    "volunteer": V.ACTIVE,
    "post": O.DRAFT,
    "recognition": R.NOMINATED,
}


def move_problem(table, statuses, old: str, new: str, actor_kinds) -> str | None:
    """Why ``actor_kinds`` may not move a row of ``table`` from ``old`` to ``new`` (None:
    they may). The services and the admin's forms ask the same."""
    if new not in statuses.values:
        return _("Unknown status.")
    if old == new or allowed(old, new, actor_kinds, table):
        return None
    labels = {"old": statuses(old).label, "new": statuses(new).label}
    if table.get((old, new)):
        return _("You may not change the status from “%(old)s” to “%(new)s”.") % labels
    return _("The status cannot change from “%(old)s” to “%(new)s”.") % labels


def check_move(table, statuses, old, new, actor_kinds) -> None:
    """``move_problem`` as an error."""
    problem = move_problem(table, statuses, old, new, actor_kinds)
    if problem:
        raise ValidationError(problem, code="invalid_move")
