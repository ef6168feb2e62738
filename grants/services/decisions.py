"""Writes of decisions (beslut): one case at a time or a batch for a call, always within
the call's budget; approved grants get their follow-up report requirement."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import emails, workflow
from grants.models import Application, Call, Decision, FollowUpReport
from grants.permissions import handles_cases
from grants.selectors import activity_calculation, committed_amount, proposed_amount
from grants.services.applications import event_record
from portal.money import format_amount
from portal.services import audit_record


def _check_amount(application, call, outcome, amount, calculation, override_reason):
    amount = Decimal(0) if outcome == Decision.Outcome.REJECTED else Decimal(amount or 0)
    if outcome != Decision.Outcome.REJECTED and amount <= 0:
        raise ValidationError({"amount": _("Give the amount granted.")})
    requested = application.amount_requested
    if calculation is None and requested is not None and amount > requested:
        raise ValidationError({"amount": _("More than the %(amount)s applied for.")
                               % {"amount": format_amount(requested)}})  # fmt: skip
    if (
        calculation is not None
        and outcome != Decision.Outcome.REJECTED
        and amount != calculation.amount
        and not override_reason.strip()
    ):
        raise ValidationError({"override_reason": _(
            "The rules give %(amount)s: say why the decision departs from the calculation."
        ) % {"amount": format_amount(calculation.amount)}})  # fmt: skip
    remaining = call.budget - committed_amount(call)
    if amount > remaining:
        raise ValidationError(
            {"amount": _("The call has %(remaining)s left of its budget; %(amount)s would "
                         "exceed it.") % {"remaining": format_amount(remaining),
                                          "amount": format_amount(amount)}}
        )  # fmt: skip
    return amount


def decision_make(
    *,
    application: Application,
    outcome: str,
    amount,
    reasons: str,
    by,
    conditions: str = "",
    decided_by_kind: str = Decision.DecidedBy.DELEGATED_OFFICER,
    minutes_paragraph: str = "",
    minutes_approved_on=None,
    announced_on=None,
    override_reason: str = "",
    report_due_on=None,
) -> Decision:
    """Decide a case. The call's row is locked first, so concurrent decisions in the same
    call are serialised and the granted total never exceeds the call's budget; the case's
    row is locked next, so two officers deciding the same case get one decision.

    Formula grants store the calculation; an amount other than the calculated one needs a
    reason. An approved grant whose programme asks for reports gets a report due date.
    """
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=application.call_id)
        application = Application.objects.select_for_update().get(pk=application.pk)
        if Decision.objects.filter(application=application).exists():
            raise ValidationError(_("The case has already been decided."))
        programme = call.programme
        municipality = programme.committee.municipality
        if not handles_cases(by, programme.committee):
            raise ValidationError(_("Only an officer of the committee can decide."))
        if not workflow.allowed(application.status, Application.Status.DECIDED, workflow.OFFICER):
            raise ValidationError(
                _("A case that is %(status)s cannot be decided.")
                % {"status": application.get_status_display().lower()}
            )
        calculation = activity_calculation(application)
        amount = _check_amount(application, call, outcome, amount, calculation, override_reason)
        decision = Decision(
            application=application,
            outcome=outcome,
            amount=amount,
            reasons=reasons,
            conditions=conditions,
            decided_by_kind=decided_by_kind,
            minutes_paragraph=minutes_paragraph,
            minutes_approved_on=minutes_approved_on,
            announced_on=announced_on,
            decided_by=by,
            calculated_amount=calculation.amount if calculation else None,
            calculation=calculation.as_dict() if calculation else {},
            override_reason=override_reason.strip() if calculation else "",
        )
        if outcome == Decision.Outcome.REJECTED and calculation:
            decision.calculated_amount = None  # nothing granted, nothing to depart from
        decision.full_clean(exclude=["application"])
        decision.save()
        _report_requirement(decision, programme, report_due_on)
        from_status = application.status
        application.status = Application.Status.DECIDED
        application.save(update_fields=["status", "updated_at"])
        event_record(application, actor=by, from_status=from_status, to_status=application.status,
                     message=decision.get_outcome_display())  # fmt: skip
        audit_record(
            actor=by,
            action="decision.made",
            target=application,
            municipality=municipality,
            after={"outcome": outcome, "amount": str(amount), "kind": decided_by_kind,
                   "calculated": str(decision.calculated_amount or ""),
                   "override_reason": decision.override_reason},
        )  # fmt: skip
        emails.decision_notice(application)  # queued; sent after commit
    return decision


def _report_requirement(decision, programme, due_on):
    if decision.outcome == Decision.Outcome.REJECTED:
        return
    if due_on is None and programme.report_due_days is None:
        return
    if due_on is None:
        due_on = timezone.localdate(decision.decided_at) + timedelta(days=programme.report_due_days)
    FollowUpReport.objects.create(decision=decision, due_on=due_on)


@dataclass
class BatchResult:
    decided: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (application, message)


def decisions_batch(*, applications, outcome: str, reasons: str, by, **minutes) -> BatchResult:
    """Decide several cases of a call alike (e.g. at a committee meeting).

    Approvals grant each case its proposed amount (the formula's, or what was applied for
    less any late deduction). Each case is decided in its own transaction, in the order
    given, so the budget check holds for every one; cases that cannot be decided are listed
    with the reason and left as they were.
    """
    result = BatchResult()
    for application in applications:
        amount = Decimal(0)
        if outcome != Decision.Outcome.REJECTED:
            amount = proposed_amount(application) or Decimal(0)
        try:
            decision = decision_make(
                application=application,
                outcome=outcome,
                amount=amount,
                reasons=reasons,
                by=by,
                **minutes,
            )
        except ValidationError as error:
            result.refused.append((application, " ".join(error.messages)))
        else:
            result.decided.append(decision)
    return result
