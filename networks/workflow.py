"""The networks app's state machines: allowed moves and who may make them, in one place.

Members (join requests), meetings and actions each have one table, in the style of
``grants.workflow``: ``{(from, to): who may make the move}``. The services in
``networks.services`` check every move against it and audit it; the admin's forms offer
only the moves the table allows; tests walk every pair of states. Keeping a status is not a
move (the services do nothing then).

Who may: ``MANAGER`` is the municipality's coordinator, officer or municipal admin
(``selectors.can_manage``, as every networks service asks); ``OWNER`` is whoever owns an
action (its officer, or the person or organisation the owning member stands for);
``ORGANISATION`` is someone who may act for an organisation in networks
(``organisations.permissions.NETWORKS``).

Members. An organisation asks to join (created *requested*); the coordinator accepts or
declines. A declined or former member may ask again; the coordinator may take a declined
or former member (back) in directly, e.g. after talking to them, and records that an active
member left. A member is never declined after being accepted (they leave instead), and a
request is declined, not marked *left*.

Meetings. A meeting is planned or cancelled; whether it was held follows from its time and
its recorded attendance, so there is no *held* status. The coordinator cancels a planned
meeting and may put a cancelled one back (cancelled by mistake, or on again); a meeting
whose attendance is recorded took place and cannot be cancelled (a guard in the service).

Actions. Work on an action starts (*in progress*) and ends (*done*); its owner reports that
and may undo a mistaken click (back to open, or reopen a done action that turned out
unfinished). Only the municipality drops an action (*cancelled*: the network decided not to
do it) or takes a dropped one up again (back to *open*). A done action is not cancelled,
and a cancelled one is reopened before it can be worked on or finished.

Open sign-ups (open forums). A sign-up is booked, or on the waiting list when the places are
taken (``CREATED_AS`` does not apply: the places left decide). The portal (``SYSTEM``) books
the first waiting when a place frees; the person (``PERSON``, with the secret link of their
sign-up) or the meeting's managers cancel it. A cancelled sign-up is made again by the
person signing up again (booked or waiting by the places then left).
"""

from networks.models import Action, Meeting, NetworkMember, OpenSignup
from portal.workflow import allowed_for_kinds as allowed  # noqa: F401 - workflow.allowed
from portal.workflow import moves_for_kinds as moves  # noqa: F401 - workflow.moves

M = NetworkMember.Status
G = Meeting.Status
A = Action.Status
S = OpenSignup.Status
MANAGER, OWNER, ORGANISATION = "manager", "owner", "organisation"
PERSON, SYSTEM = "person", "system"
BOTH = frozenset({OWNER, MANAGER})

MEMBER_TRANSITIONS = {
    (M.REQUESTED, M.ACTIVE): frozenset({MANAGER}),
    (M.REQUESTED, M.DECLINED): frozenset({MANAGER}),
    (M.DECLINED, M.REQUESTED): frozenset({ORGANISATION}),
    (M.LEFT, M.REQUESTED): frozenset({ORGANISATION}),
    (M.DECLINED, M.ACTIVE): frozenset({MANAGER}),
    (M.LEFT, M.ACTIVE): frozenset({MANAGER}),
    (M.ACTIVE, M.LEFT): frozenset({MANAGER}),
}

MEETING_TRANSITIONS = {
    (G.PLANNED, G.CANCELLED): frozenset({MANAGER}),
    (G.CANCELLED, G.PLANNED): frozenset({MANAGER}),
}

ACTION_TRANSITIONS = {
    (A.OPEN, A.IN_PROGRESS): BOTH,
    (A.OPEN, A.DONE): BOTH,
    (A.IN_PROGRESS, A.DONE): BOTH,
    (A.IN_PROGRESS, A.OPEN): BOTH,
    (A.DONE, A.IN_PROGRESS): BOTH,
    (A.DONE, A.OPEN): BOTH,
    (A.OPEN, A.CANCELLED): frozenset({MANAGER}),
    (A.IN_PROGRESS, A.CANCELLED): frozenset({MANAGER}),
    (A.CANCELLED, A.OPEN): frozenset({MANAGER}),
}

SIGNUP_TRANSITIONS = {
    (S.WAITING, S.BOOKED): frozenset({SYSTEM}),
    (S.BOOKED, S.CANCELLED): frozenset({PERSON, MANAGER}),
    (S.WAITING, S.CANCELLED): frozenset({PERSON, MANAGER}),
    (S.CANCELLED, S.BOOKED): frozenset({PERSON}),
    (S.CANCELLED, S.WAITING): frozenset({PERSON}),
}

# The status a new row starts in, by who creates it: the admin's add forms offer only this
# (an action created as done is created open and then moved, audited).
CREATED_AS = {
    "member": {MANAGER: M.ACTIVE, ORGANISATION: M.REQUESTED},
    "meeting": {MANAGER: G.PLANNED},
    "action": {MANAGER: A.OPEN},
}
