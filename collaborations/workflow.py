"""The collaboration register's state machines, in the style of ``grants.workflow``:
``{(from, to): who may make the move}``. The services check every move here and audit it;
the admin offers only the moves the table allows; tests walk every pair of states.

Who may: ``RECORDER`` is whoever may change the entry (its administration's officers and the
coordinators, ``permissions.may_change``); ``COORDINATOR`` holds the coordinating
responsibility (``permissions.may_coordinate``); ``ORGANISATION`` acts for a partner.

Collaborations. A planned collaboration starts (*active*) or is called off (*cancelled*);
an active one ends (*ended*). An ended one may start again (renewed), a cancelled one may
be planned again. An agreement becomes active only with its legal form assessed (a guard in
the service).

Co-applications. Prepared, submitted to the funder, then granted or rejected by it; the
applicant may withdraw before the funder's decision. A decision recorded by mistake goes
back to *submitted*.

Follow-ups. A yearly follow-up is drafted, submitted (the partner's or the officer's
account) and reviewed by the responsible officer, who may send it back to draft.

Proposals. A new proposal is considered, then taken up (it becomes or joins a
collaboration) or declined with an answer; a declined one may be reconsidered.
"""

from collaborations.models import CoApplication, Collaboration, FollowUp, Proposal
from portal.workflow import allowed_for_kinds as allowed  # noqa: F401 - workflow.allowed
from portal.workflow import moves_for_kinds as moves  # noqa: F401 - workflow.moves

C = Collaboration.Status
X = CoApplication.Status
F = FollowUp.Status
P = Proposal.Status
RECORDER, COORDINATOR, ORGANISATION = "recorder", "coordinator", "organisation"
STAFF = frozenset({RECORDER, COORDINATOR})

COLLABORATION_TRANSITIONS = {
    (C.PLANNED, C.ACTIVE): STAFF,
    (C.PLANNED, C.CANCELLED): STAFF,
    (C.ACTIVE, C.ENDED): STAFF,
    (C.ENDED, C.ACTIVE): STAFF,
    (C.CANCELLED, C.PLANNED): STAFF,
}

CO_APPLICATION_TRANSITIONS = {
    (X.PREPARING, X.SUBMITTED): STAFF,
    (X.PREPARING, X.WITHDRAWN): STAFF,
    (X.SUBMITTED, X.GRANTED): STAFF,
    (X.SUBMITTED, X.REJECTED): STAFF,
    (X.SUBMITTED, X.WITHDRAWN): STAFF,
    (X.GRANTED, X.SUBMITTED): STAFF,
    (X.REJECTED, X.SUBMITTED): STAFF,
}

FOLLOW_UP_TRANSITIONS = {
    (F.DRAFT, F.SUBMITTED): STAFF | {ORGANISATION},
    (F.SUBMITTED, F.REVIEWED): STAFF,
    (F.SUBMITTED, F.DRAFT): STAFF,
    (F.REVIEWED, F.SUBMITTED): STAFF,
}

PROPOSAL_TRANSITIONS = {
    (P.NEW, P.CONSIDERING): frozenset({COORDINATOR}),
    (P.NEW, P.ACCEPTED): frozenset({COORDINATOR}),
    (P.NEW, P.DECLINED): frozenset({COORDINATOR}),
    (P.CONSIDERING, P.ACCEPTED): frozenset({COORDINATOR}),
    (P.CONSIDERING, P.DECLINED): frozenset({COORDINATOR}),
    (P.DECLINED, P.CONSIDERING): frozenset({COORDINATOR}),
}

# The status a new row starts in.
CREATED_AS = {
    "collaboration": C.PLANNED,
    "co_application": X.PREPARING,
    "follow_up": F.DRAFT,
    "proposal": P.NEW,
}
