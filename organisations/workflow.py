"""The registration state machine: allowed moves and who may make them, in one place."""

from organisations.models import IdentityChange, Organisation

S = Organisation.Status
OFFICER, MEMBER = "officer", "member"

# (from, to) -> the kind of actor allowed to make the move
TRANSITIONS = {
    (S.PENDING, S.APPROVED): OFFICER,
    (S.PENDING, S.CHANGES_REQUESTED): OFFICER,
    (S.CHANGES_REQUESTED, S.PENDING): MEMBER,
    (S.CHANGES_REQUESTED, S.APPROVED): OFFICER,
    (S.APPROVED, S.CHANGES_REQUESTED): OFFICER,
}


def allowed(from_status: str, to_status: str, actor_kind: str) -> bool:
    return TRANSITIONS.get((from_status, to_status)) == actor_kind


IC = IdentityChange.Status

# A pending change of name, legal form or organisation number (organisations.identity):
# (from, to) -> the kind of actor allowed to make the move
IDENTITY_CHANGE_TRANSITIONS = {
    (IC.PENDING, IC.APPROVED): OFFICER,
    (IC.PENDING, IC.REJECTED): OFFICER,
    (IC.PENDING, IC.WITHDRAWN): MEMBER,  # taken back, or replaced by another change
}


def identity_change_allowed(from_status: str, to_status: str, actor_kind: str) -> bool:
    return IDENTITY_CHANGE_TRANSITIONS.get((from_status, to_status)) == actor_kind
