"""The grants app's models, one module per part of a grant's life."""

from grants.models.applications import (
    Application,
    ApplicationEvent,
    ApplicationMessage,
    Attachment,
    DiarySequence,
    attachment_path,
)
from grants.models.decisions import Assessment, Decision, Score
from grants.models.hosts import HostAgreement
from grants.models.invoices import SupplierInvoice, invoice_path
from grants.models.payouts import Payout, PayoutBatch
from grants.models.plans import Instalment
from grants.models.programmes import (
    ActivityGrantRule,
    Appropriation,
    AssessmentCriterion,
    Call,
    GrantKind,
    GrantProgramme,
    LateDeduction,
    Question,
)
from grants.models.reports import FollowUpReport, RepaymentClaim

__all__ = [
    "ActivityGrantRule",
    "Application",
    "ApplicationEvent",
    "ApplicationMessage",
    "Appropriation",
    "Assessment",
    "AssessmentCriterion",
    "Attachment",
    "Call",
    "Decision",
    "DiarySequence",
    "FollowUpReport",
    "GrantKind",
    "GrantProgramme",
    "HostAgreement",
    "Instalment",
    "LateDeduction",
    "Payout",
    "PayoutBatch",
    "Question",
    "RepaymentClaim",
    "Score",
    "SupplierInvoice",
    "attachment_path",
    "invoice_path",
]
