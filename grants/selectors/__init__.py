"""Reads of the grants app, one module per audience; import from here."""

from grants.selectors.answers import AnswerRow, answer_rows
from grants.selectors.calls import (
    LateStatus,
    application_for_member,
    applications_for_user,
    ineligibility_reasons,
    ineligibility_reasons_by_organisation,
    late_status,
    open_calls,
    outstanding_reports,
    reports_for_user,
)
from grants.selectors.cases import (
    AttachmentRow,
    CriterionSummary,
    activity_calculation,
    assessment_summary,
    attachment_rows,
    earlier_grants,
    proposed_amount,
)
from grants.selectors.money import (
    AppropriationMoney,
    CallMoney,
    appropriation_money,
    call_money,
    committed_amount,
    payable_decisions,
    payment_file_csv,
)

__all__ = [
    "AnswerRow",
    "AppropriationMoney",
    "AttachmentRow",
    "CallMoney",
    "CriterionSummary",
    "LateStatus",
    "activity_calculation",
    "answer_rows",
    "application_for_member",
    "applications_for_user",
    "appropriation_money",
    "assessment_summary",
    "attachment_rows",
    "call_money",
    "committed_amount",
    "earlier_grants",
    "ineligibility_reasons",
    "ineligibility_reasons_by_organisation",
    "late_status",
    "open_calls",
    "outstanding_reports",
    "payable_decisions",
    "payment_file_csv",
    "proposed_amount",
    "reports_for_user",
]
