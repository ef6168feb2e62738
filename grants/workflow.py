"""The grants app's state machines: allowed moves and who may make them, in one place.

Applications, follow-up reports and payout batches each have one table; services check
every move against it and audit it, and tests walk every pair of states. Submitting an
application is a move like the others: the statuses it is submitted from are the ones the
applicant edits in (``Application.EDITABLE``; a test keeps the two equal).
"""

from grants.models import Application, FollowUpReport, PayoutBatch, RepaymentClaim

S = Application.Status
R = FollowUpReport.Status
B = PayoutBatch.Status
C = RepaymentClaim.Status
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

REPORT_TRANSITIONS = {
    (R.DUE, R.SUBMITTED): APPLICANT,
    (R.CHANGES_REQUESTED, R.SUBMITTED): APPLICANT,
    (R.SUBMITTED, R.CHANGES_REQUESTED): OFFICER,
    (R.SUBMITTED, R.ACCEPTED): OFFICER,
}

PAYOUT_BATCH_TRANSITIONS = {
    (B.PLANNED, B.SENT): OFFICER,
    (B.PLANNED, B.CANCELLED): OFFICER,
    (B.SENT, B.PAID): OFFICER,
}

# A repayment claim is settled once: repaid, or waived (with a note saying why).
REPAYMENT_CLAIM_TRANSITIONS = {
    (C.OPEN, C.REPAID): OFFICER,
    (C.OPEN, C.WAIVED): OFFICER,
}


def allowed(from_status: str, to_status: str, actor_kind: str, table=None) -> bool:
    return (TRANSITIONS if table is None else table).get((from_status, to_status)) == actor_kind
