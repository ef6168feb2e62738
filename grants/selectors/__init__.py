"""Reads of the grants app, one module per audience; import from here."""

from grants.selectors.answers import AnswerRow, answer_rows
from grants.selectors.budget import (
    BudgetRow,
    CommitteeBudget,
    appropriations_with_money,
    budget,
)
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
from grants.selectors.fast_track import decision_promise, fast_track_cases, promise_days_left
from grants.selectors.hosts import (
    InvoiceMoney,
    host_candidates,
    host_request_for_signer,
    host_requests_for_user,
    invoice_money,
    may_sign_for,
)
from grants.selectors.money import (
    AppropriationMoney,
    CallMoney,
    appropriation_money,
    batch_payouts,
    call_money,
    committed_amount,
    payable_decisions,
    payment_file_csv,
)
from grants.selectors.plans import Plan, PlanRow, decision_plan
from grants.selectors.reports import (
    ReportReading,
    releases_text,
    report_money_basis,
    report_reading,
)

__all__ = [
    "AnswerRow",
    "AppropriationMoney",
    "AttachmentRow",
    "BudgetRow",
    "CallMoney",
    "CommitteeBudget",
    "CriterionSummary",
    "InvoiceMoney",
    "LateStatus",
    "Plan",
    "PlanRow",
    "ReportReading",
    "activity_calculation",
    "answer_rows",
    "application_for_member",
    "applications_for_user",
    "appropriation_money",
    "appropriations_with_money",
    "assessment_summary",
    "attachment_rows",
    "batch_payouts",
    "budget",
    "call_money",
    "committed_amount",
    "decision_plan",
    "decision_promise",
    "earlier_grants",
    "fast_track_cases",
    "host_candidates",
    "host_request_for_signer",
    "host_requests_for_user",
    "ineligibility_reasons",
    "ineligibility_reasons_by_organisation",
    "invoice_money",
    "late_status",
    "may_sign_for",
    "open_calls",
    "outstanding_reports",
    "payable_decisions",
    "payment_file_csv",
    "promise_days_left",
    "proposed_amount",
    "releases_text",
    "report_money_basis",
    "report_reading",
    "reports_for_user",
]
