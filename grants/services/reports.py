"""Writes of follow-up reports (återrapportering) and repayment claims."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import workflow
from grants.models import FollowUpReport, RepaymentClaim
from grants.permissions import handles_cases, require_applicant
from portal.services import audit_record

R = FollowUpReport.Status


def _locked(report):
    return (
        FollowUpReport.objects.select_for_update(of=("self",))
        .select_related("decision__application__call__programme__committee__municipality")
        .get(pk=report.pk)
    )


def _move(report, to_status, by, actor_kind, extra=None):
    if not workflow.allowed(report.status, to_status, actor_kind, workflow.REPORT_TRANSITIONS):
        raise ValidationError(_("The report cannot move to that status now."))
    before = {"status": report.status}
    report.status = to_status
    report.save(update_fields=[
        "status", "outcomes", "participants", "money_used", "unused_amount", "submitted_by",
        "submitted_at", "officer_comment", "reviewed_by", "reviewed_at",
    ])  # fmt: skip
    audit_record(
        actor=by,
        action="report.status_changed",
        target=report.decision.application,
        municipality=report.decision.application.call.programme.committee.municipality,
        before=before,
        after={"status": to_status, **(extra or {})},
    )


@transaction.atomic
def report_submit(*, report: FollowUpReport, by, outcomes: str, participants: dict, money_used):
    """The association reports what it did and what it spent; unused money is computed
    from the amount granted (never negative)."""
    report = _locked(report)
    require_applicant(by, report.decision.application.organisation_id)
    if not report.is_editable:
        raise ValidationError(_("The report has already been submitted."))
    money_used = Decimal(money_used)
    if money_used < 0:
        raise ValidationError({"money_used": _("The amount cannot be negative.")})
    report.outcomes = outcomes
    report.participants = participants or {}
    report.money_used = money_used
    report.unused_amount = max(report.decision.amount - money_used, Decimal(0))
    report.submitted_by = by
    report.submitted_at = timezone.now()
    _move(report, R.SUBMITTED, by, workflow.APPLICANT,
          {"money_used": str(money_used), "unused": str(report.unused_amount)})  # fmt: skip
    return report


@transaction.atomic
def report_review(*, report: FollowUpReport, accept: bool, by, comment: str = ""):
    """The officer accepts the report, or asks for changes with a comment. Accepting a
    report with unused money creates the repayment claim (once: one claim per report)."""
    report = _locked(report)
    committee = report.decision.application.call.programme.committee
    municipality = committee.municipality
    if not handles_cases(by, committee):
        raise ValidationError(_("Only an officer of the committee can review reports."))
    if not accept and not comment.strip():
        raise ValidationError(_("Say what the association needs to change."))
    report.officer_comment = comment.strip()
    report.reviewed_by = by
    report.reviewed_at = timezone.now()
    _move(report, R.ACCEPTED if accept else R.CHANGES_REQUESTED, by, workflow.OFFICER,
          {"comment": report.officer_comment})  # fmt: skip
    if accept and report.unused_amount:
        RepaymentClaim.objects.create(report=report, amount=report.unused_amount)
        audit_record(
            actor=by,
            action="repayment_claim.created",
            target=report.decision.application,
            municipality=municipality,
            after={"amount": str(report.unused_amount)},
        )
    return report


@transaction.atomic
def repayment_claim_settle(*, claim: RepaymentClaim, status: str, by, note: str = ""):
    """Record that a claim was repaid, or waived (with a note saying why)."""
    claim = RepaymentClaim.objects.select_for_update(of=("self",)).get(pk=claim.pk)
    application = claim.report.decision.application
    committee = application.call.programme.committee
    municipality = committee.municipality
    if not handles_cases(by, committee):
        raise ValidationError(_("Only an officer of the committee can settle claims."))
    before = claim.status
    if not workflow.allowed(before, status, workflow.OFFICER, workflow.REPAYMENT_CLAIM_TRANSITIONS):
        if before != RepaymentClaim.Status.OPEN:
            raise ValidationError(_("The claim has already been settled."))
        raise ValidationError(_("Unknown status."))
    if status == RepaymentClaim.Status.WAIVED and not note.strip():
        raise ValidationError(_("Say why the claim is waived."))
    claim.status = status
    claim.note = note.strip()
    claim.settled_at = timezone.now()
    claim.save(update_fields=["status", "note", "settled_at"])
    audit_record(
        actor=by,
        action="repayment_claim.settled",
        target=application,
        municipality=municipality,
        before={"status": before},
        after={"status": status, "amount": str(claim.amount), "note": claim.note},
    )
    return claim
