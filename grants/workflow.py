"""The grants app's state machines: allowed moves and who may make them, in one place.

Applications, follow-up reports and payout batches each have one table; services check
every move against it and audit it, and tests walk every pair of states. Submitting an
application is a move like the others: the statuses it is submitted from are the ones the
applicant edits in (``Application.EDITABLE``; a test keeps the two equal).
"""

from grants.models import (
    Application,
    FollowUpReport,
    HostAgreement,
    Instalment,
    PayoutBatch,
    RepaymentClaim,
    SupplierInvoice,
)

S = Application.Status
R = FollowUpReport.Status
B = PayoutBatch.Status
C = RepaymentClaim.Status
N = Instalment.Status  # N for "instalment" (I reads like 1)
H = HostAgreement.Status
V = SupplierInvoice.Status
APPLICANT, OFFICER = "applicant", "officer"
HOST = "host"  # a person who signs for the host organisation

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


# An instalment is paid when its payout batch is marked paid (by the officer), or cancelled
# by the officer before that, with a reason; a cancelled instalment stays in the plan.
INSTALMENT_TRANSITIONS = {
    (N.PLANNED, N.PAID): OFFICER,
    (N.PLANNED, N.CANCELLED): OFFICER,
}

# The host organisation answers a group's request once; the group may withdraw a request
# that is still waiting, or ask again (a new request) after a decline or a withdrawal.
HOST_AGREEMENT_TRANSITIONS = {
    (H.REQUESTED, H.ACCEPTED): HOST,
    (H.REQUESTED, H.DECLINED): HOST,
    (H.REQUESTED, H.WITHDRAWN): APPLICANT,
    (H.DECLINED, H.REQUESTED): APPLICANT,
    (H.WITHDRAWN, H.REQUESTED): APPLICANT,
}

# A supplier's invoice is approved or rejected by the officer; an approved one is paid
# when its payout batch is marked paid.
SUPPLIER_INVOICE_TRANSITIONS = {
    (V.SUBMITTED, V.APPROVED): OFFICER,
    (V.SUBMITTED, V.REJECTED): OFFICER,
    (V.APPROVED, V.PAID): OFFICER,
}


def allowed(from_status: str, to_status: str, actor_kind: str, table=None) -> bool:
    return (TRANSITIONS if table is None else table).get((from_status, to_status)) == actor_kind
