"""Writes of follow-up reports (återrapportering) and repayment claims."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import workflow
from grants.form_builder import report_attachment_key
from grants.models import Attachment, FollowUpReport, RepaymentClaim
from grants.permissions import handles_cases, require_applicant
from grants.selectors.reports import report_money_basis
from organisations.uploads import store_checked_upload
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
        "status", "outcomes", "participants", "answers", "money_used", "unused_amount",
        "submitted_by", "submitted_at", "officer_comment", "reviewed_by", "reviewed_at",
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
def report_submit(
    *,
    report: FollowUpReport,
    by,
    outcomes: str,
    participants: dict,
    money_used,
    answers: dict | None = None,
    files: dict | None = None,
):
    """The association reports what it did and what it spent, and answers the programme's
    report questions (``answers`` as typed, validated by the report form; ``files`` by
    question key, stored with the application's attachments under the report's own keys).

    Unused money is what the report accounts for (see ``report_money_basis``: the year's
    instalments of a yearly report, the grant of a project's final report) less what was
    used, never negative; an interim report settles no money.
    """
    report = _locked(report)
    require_applicant(by, report.decision.application.organisation_id)
    if not report.is_editable:
        raise ValidationError(_("The report has already been submitted."))
    money_used = Decimal(money_used)
    if money_used < 0:
        raise ValidationError({"money_used": _("The amount cannot be negative.")})
    basis = report_money_basis(report)
    _store_report_files(report, files or {}, by)
    report.outcomes = outcomes
    report.participants = participants or {}
    report.answers = answers or {}
    report.money_used = money_used
    report.unused_amount = Decimal(0) if basis is None else max(basis - money_used, Decimal(0))
    report.submitted_by = by
    report.submitted_at = timezone.now()
    _move(report, R.SUBMITTED, by, workflow.APPLICANT,
          {"money_used": str(money_used), "unused": str(report.unused_amount),
           "files": sorted(files or {})})  # fmt: skip
    return report


def _store_report_files(report, files, by) -> None:
    """Store each upload (checked again) as the application's attachment for the report's
    question, replacing the one sent before."""
    application = report.decision.application
    for key, upload in files.items():
        question_key = report_attachment_key(report.number, key)
        replaced = list(application.attachments.filter(question_key=question_key))
        attachment = Attachment(application=application, question_key=question_key,
                                uploaded_by=by)  # fmt: skip
        store_checked_upload(attachment, upload)  # raises ValidationError on a bad file
        for old in replaced:
            old.delete()


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
