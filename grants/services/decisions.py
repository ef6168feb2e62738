"""Writes of decisions (beslut): one case at a time or a batch for a call, always within
the call's budget; approved grants get their follow-up report requirement."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import emails, workflow
from grants.models import (
    Application,
    Appropriation,
    Call,
    Decision,
    FollowUpReport,
    HostAgreement,
    Instalment,
)
from grants.permissions import handles_cases
from grants.selectors import (
    activity_calculation,
    appropriation_money,
    committed_amount,
    proposed_amount,
)
from grants.services.applications import event_record
from grants.services.kept_figures import call_granted_add
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
    if call.appropriation_id is not None and amount > 0:
        left = appropriation_money(call.appropriation).left
        if amount > left:
            raise ValidationError({"amount": _(
                "The appropriation %(name)s has %(left)s left; %(amount)s would exceed it."
            ) % {"name": call.appropriation, "left": format_amount(left),
                 "amount": format_amount(amount)}})  # fmt: skip
    programme = call.programme
    if programme.fast_track and programme.max_amount is not None and amount > programme.max_amount:
        raise ValidationError({"amount": _("A micro-grant is at most %(max)s.")
                               % {"max": format_amount(programme.max_amount)}})  # fmt: skip
    return amount


def _check_route(application, outcome, payment_route, host):
    """The way to be paid must be one the registry can serve; returns the host (or None)."""
    if outcome == Decision.Outcome.REJECTED:
        return None
    if payment_route not in Decision.Route.values:
        raise ValidationError({"payment_route": _("Choose how the grant is paid.")})
    if payment_route != Decision.Route.HOST:
        return None
    agreement = (
        HostAgreement.objects.filter(application=application, status=HostAgreement.Status.ACCEPTED)
        .select_related("host")
        .first()
    )
    if agreement is None:
        raise ValidationError({"payment_route": _(
            "No host organisation has accepted to receive this grant."
        )})  # fmt: skip
    if host is not None and host.pk != agreement.host_id:
        raise ValidationError({"payment_route": _("That organisation is not the group's host.")})
    return agreement.host


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
    payment_route: str = Decision.Route.ACCOUNT,
    host=None,
    plan=None,
    reports=None,
) -> Decision:
    """Decide a case. The call's row is locked first, so concurrent decisions in the same
    call are serialised and the granted total never exceeds the call's budget; the case's
    row is locked next, so two officers deciding the same case get one decision.

    Formula grants store the calculation; an amount other than the calculated one needs a
    reason. A call that draws from an appropriation (anslag) locks that row too, first, so
    no two calls of it can together grant beyond it.

    ``plan`` lists the instalments (``amount``, ``due_on``, ``year``, ``after_report``: the
    number of the report whose acceptance releases it); by default one instalment of the
    whole amount. ``reports`` lists the reports asked for (``kind``, ``year``, ``due_on``);
    by default one final report when the programme asks for reports. A grant paid by
    invoices has no instalments: the approved invoices are its payments.
    """
    with transaction.atomic():
        appropriation_id = Call.objects.values_list("appropriation", flat=True).get(
            pk=application.call_id
        )
        if appropriation_id is not None:
            Appropriation.objects.select_for_update().get(pk=appropriation_id)
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
        host = _check_route(application, outcome, payment_route, host)
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
            payment_route=(
                Decision.Route.ACCOUNT if outcome == Decision.Outcome.REJECTED else payment_route
            ),
            host=host,
        )
        if outcome == Decision.Outcome.REJECTED and calculation:
            decision.calculated_amount = None  # nothing granted, nothing to depart from
        decision.full_clean(exclude=["application"])
        decision.save()
        call_granted_add(call_id=call.pk, amount=amount)  # under the call's lock, above
        made = _report_requirement(decision, programme, report_due_on, reports)
        _plan_create(decision, plan, made)
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
                   "override_reason": decision.override_reason,
                   "payment_route": decision.payment_route,
                   "host": host.name if host else "",
                   "instalments": decision.instalments.count(),
                   "reports": len(made)},
        )  # fmt: skip
        emails.decision_notice(application)  # queued; sent after commit
    return decision


def _report_requirement(decision, programme, due_on, reports) -> dict:
    """Create the reports asked for; returns them by number (1, 2, …)."""
    if decision.outcome == Decision.Outcome.REJECTED:
        return {}
    if reports is None:
        if due_on is None and programme.report_due_days is None:
            return {}
        if due_on is None:
            days = timedelta(days=programme.report_due_days)
            due_on = timezone.localdate(decision.decided_at) + days
        reports = [{"kind": FollowUpReport.Kind.FINAL, "due_on": due_on}]
    made = {}
    for number, spec in enumerate(reports, start=1):
        if spec.get("due_on") is None:
            raise ValidationError(_("Every report needs a due date."))
        made[number] = FollowUpReport.objects.create(
            decision=decision,
            municipality_id=decision.application.municipality_id,
            call_id=decision.application.call_id,
            number=number,
            kind=spec.get("kind", FollowUpReport.Kind.FINAL),
            year=spec.get("year"),
            due_on=spec["due_on"],
        )
    return made


def _plan_create(decision, plan, reports):
    """The decision's payment plan; its instalments add up to the amount granted."""
    if decision.outcome == Decision.Outcome.REJECTED:
        return
    if decision.payment_route == Decision.Route.INVOICES:
        if plan:
            raise ValidationError(_("A grant paid by invoices has no instalments."))
        return
    plan = plan or [{"amount": decision.amount}]
    total = sum((Decimal(row["amount"]) for row in plan), Decimal(0))
    if total != decision.amount:
        raise ValidationError({"amount": _(
            "The instalments add up to %(total)s, not the %(amount)s granted."
        ) % {"total": format_amount(total), "amount": format_amount(decision.amount)}})  # fmt: skip
    rows = []
    for number, row in enumerate(plan, start=1):
        after = row.get("after_report")
        if after is not None and after not in reports:
            raise ValidationError(_("An instalment waits for a report that is not asked for."))
        if Decimal(row["amount"]) <= 0:
            raise ValidationError({"amount": _("Every instalment must be more than zero.")})
        rows.append(Instalment(
            decision=decision, number=number, amount=Decimal(row["amount"]),
            year=row.get("year"), due_on=row.get("due_on"),
            release_report=reports.get(after) if after is not None else None,
        ))  # fmt: skip
    Instalment.objects.bulk_create(rows)


def multi_year_terms(*, amounts_by_year: dict, report_due_month_day=(1, 31), final_due_on=None):
    """Plan and reports of a grant over several years (e.g. a three-year verksamhetsbidrag).

    Each year has its instalment and its report (yearly; the last year's is the final
    report). The first year's money is paid at once; each later year's is paid from 1
    January of its year and only once the previous year's report is accepted. Returns
    ``(plan, reports)`` for ``decision_make``.
    """
    years = sorted(amounts_by_year)
    if not years or years != list(range(years[0], years[-1] + 1)):
        raise ValidationError(_("Give an amount for each year, without gaps."))
    month, day = report_due_month_day
    plan, reports = [], []
    for index, year in enumerate(years, start=1):
        last = index == len(years)
        reports.append({
            "kind": FollowUpReport.Kind.FINAL if last else FollowUpReport.Kind.YEARLY,
            "year": year,
            "due_on": (final_due_on if last and final_due_on else date(year + 1, month, day)),
        })  # fmt: skip
        plan.append({
            "amount": amounts_by_year[year], "year": year,
            "due_on": None if index == 1 else date(year, 1, 1),
            "after_report": None if index == 1 else index - 1,
        })  # fmt: skip
    return plan, reports


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
