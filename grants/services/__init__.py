"""Writes of the grants app, one module per part of a grant's life; import from here."""

from grants.services.applications import (
    Submission,
    application_assign,
    application_message_post,
    application_save_draft,
    application_start,
    application_submit,
    application_transition,
    diarienummer_next,
    event_record,
    focus_areas_copy,
    member_submit,
)
from grants.services.assessments import assessment_save
from grants.services.decisions import (
    BatchResult,
    decision_make,
    decisions_batch,
    multi_year_terms,
)
from grants.services.hosts import host_answer, host_request, host_withdraw
from grants.services.invoices import invoice_review, invoice_submit
from grants.services.payouts import payout_batch_create, payout_batch_transition
from grants.services.plans import instalment_cancel, open_instalments, plan_change
from grants.services.reports import repayment_claim_settle, report_review, report_submit

__all__ = [
    "BatchResult",
    "Submission",
    "application_assign",
    "application_message_post",
    "application_save_draft",
    "application_start",
    "application_submit",
    "application_transition",
    "assessment_save",
    "decision_make",
    "decisions_batch",
    "diarienummer_next",
    "event_record",
    "focus_areas_copy",
    "host_answer",
    "host_request",
    "host_withdraw",
    "instalment_cancel",
    "invoice_review",
    "invoice_submit",
    "member_submit",
    "multi_year_terms",
    "open_instalments",
    "payout_batch_create",
    "payout_batch_transition",
    "plan_change",
    "repayment_claim_settle",
    "report_review",
    "report_submit",
]
