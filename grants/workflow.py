"""The application state machine: allowed moves and who may make them, in one place."""

from grants.models import Application

S = Application.Status
APPLICANT, OFFICER = "applicant", "officer"

TRANSITIONS = {
    (S.DRAFT, S.SUBMITTED): APPLICANT,
    (S.COMPLETION_REQUESTED, S.SUBMITTED): APPLICANT,
    (S.DRAFT, S.WITHDRAWN): APPLICANT,
    (S.SUBMITTED, S.WITHDRAWN): APPLICANT,
    (S.SUBMITTED, S.UNDER_REVIEW): OFFICER,
    (S.SUBMITTED, S.COMPLETION_REQUESTED): OFFICER,
    (S.UNDER_REVIEW, S.COMPLETION_REQUESTED): OFFICER,
    (S.SUBMITTED, S.DECIDED): OFFICER,
    (S.UNDER_REVIEW, S.DECIDED): OFFICER,
}


def allowed(from_status: str, to_status: str, actor_kind: str) -> bool:
    return TRANSITIONS.get((from_status, to_status)) == actor_kind
