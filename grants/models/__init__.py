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
from grants.models.rollups import GrantRollup, ParticipantRollup, RollupRefresh

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
    "GrantRollup",
    "LateDeduction",
    "ParticipantRollup",
    "Payout",
    "PayoutBatch",
    "Question",
    "RepaymentClaim",
    "RollupRefresh",
    "Score",
    "attachment_path",
]
