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
from grants.models.payouts import Payout, PayoutBatch
from grants.models.programmes import (
    ActivityGrantRule,
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
    "Assessment",
    "AssessmentCriterion",
    "Attachment",
    "Call",
    "Decision",
    "DiarySequence",
    "FollowUpReport",
    "GrantKind",
    "GrantProgramme",
    "LateDeduction",
    "Payout",
    "PayoutBatch",
    "Question",
    "RepaymentClaim",
    "Score",
    "attachment_path",
]
