"""Writes of payment plans before they are paid: cancel an instalment, or replace what is
still open of a plan with new rows.

What counts as still open: instalments that are planned and not in a payout batch. Paid
instalments and those in a batch (planned, sent) are kept as they are; so are cancelled
ones, which stay in the plan with who cancelled them and why.

The two writes differ in what they do to the money:

* ``instalment_cancel`` reduces what will be paid: the decision's amount (what was
  granted) stays as decided, the cancelled money is neither planned nor paid, and the call
  and the appropriation count it as free again (``grants.selectors.money``).
* ``plan_change`` keeps the total: the new rows must add up to exactly what the replaced
  rows held (dates, order and conditions change, the money does not).

Every write locks the decision's row first (``select_for_update``), as planning a payout
batch does, so a plan never changes under a batch being planned, and is audited on the
case.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import workflow
from grants.models import Decision, FollowUpReport, Instalment, Payout
from grants.permissions import handles_cases
from grants.services.kept_figures import call_cancelled_add
from portal.money import format_amount
from portal.services import audit_record

N = Instalment.Status


@dataclass(frozen=True)
class PlanRow:
    """One new instalment of a changed plan: an amount, paid from a date (or as soon as it
    is released), and released by an accepted report (its number) or at once."""

    amount: Decimal
    due_on: date | None = None
    year: int | None = None
    after_report: int | None = None


def _locked_decision(decision) -> Decision:
    return (
        Decision.objects.select_for_update(of=("self",))
        .select_related("application__call__programme__committee__municipality")
        .get(pk=decision.pk)
    )


def _check_officer(by, decision) -> None:
    if not handles_cases(by, decision.application.call.programme.committee):
        raise ValidationError(_("Only an officer of the committee can change the payment plan."))


def _in_batch(instalment_ids) -> dict:
    """Instalment id -> the reference of the payout batch it is in."""
    payouts = Payout.objects.filter(instalment__in=instalment_ids).select_related(
        "batch__committee"
    )
    return {p.instalment_id: p.batch.reference for p in payouts}


def _describe(instalment) -> dict:
    return {
        "number": instalment.number,
        "amount": str(instalment.amount),
        "due_on": instalment.due_on.isoformat() if instalment.due_on else "",
        "year": instalment.year or "",
        "after_report": instalment.release_report.number if instalment.release_report else "",
    }


def instalment_cancel(*, instalment: Instalment, by, reason: str) -> Instalment:
    """Cancel a planned instalment that is not in a payout batch; it stays in the plan,
    struck through, with the reason. The money will not be paid."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the instalment is cancelled.")})
    with transaction.atomic():
        decision = _locked_decision(instalment.decision)
        _check_officer(by, decision)
        instalment = (
            Instalment.objects.select_for_update(of=("self",))
            .select_related("release_report")
            .get(pk=instalment.pk, decision=decision)
        )
        table = workflow.INSTALMENT_TRANSITIONS
        if not workflow.allowed(instalment.status, N.CANCELLED, workflow.OFFICER, table):
            raise ValidationError(
                _("An instalment that is %(status)s cannot be cancelled.")
                % {"status": instalment.get_status_display().lower()}
            )
        batch = _in_batch([instalment.pk]).get(instalment.pk)
        if batch:
            raise ValidationError(
                _("The instalment is in the payout batch %(batch)s: cancel the batch first.")
                % {"batch": batch}
            )
        instalment.status = N.CANCELLED
        instalment.cancelled_reason = reason[:300]
        instalment.cancelled_by = by
        instalment.cancelled_at = timezone.now()
        instalment.save(
            update_fields=["status", "cancelled_reason", "cancelled_by", "cancelled_at"]
        )
        call_cancelled_add(call_id=decision.application.call_id, amount=instalment.amount)
        application = decision.application
        audit_record(
            actor=by,
            action="instalment.cancelled",
            target=application,
            municipality=application.call.programme.committee.municipality,
            before={"status": N.PLANNED},
            after={**_describe(instalment), "status": N.CANCELLED, "reason": reason[:300]},
        )
    return instalment


def _rows(rows) -> list[PlanRow]:
    cleaned = []
    for row in rows:
        if not isinstance(row, PlanRow):
            row = PlanRow(**row)
        try:
            amount = Decimal(row.amount)
        except (InvalidOperation, TypeError) as error:
            raise ValidationError({"amount": _("Give every instalment an amount.")}) from error
        if amount <= 0:
            raise ValidationError({"amount": _("Every instalment must be more than zero.")})
        cleaned.append(PlanRow(amount, row.due_on, row.year, row.after_report))
    return cleaned


def open_instalments(decision):
    """The part of the plan that may still change: planned and in no payout batch."""
    return decision.instalments.filter(status=N.PLANNED, payout__isnull=True)


def plan_change(*, decision: Decision, rows, by) -> list[Instalment]:
    """Replace the open part of the decision's plan (planned instalments in no payout batch)
    with ``rows`` (``PlanRow`` or dicts of its fields). Paid, batched and cancelled
    instalments stay; the new rows are numbered after them and must add up to what the
    replaced ones held. Returns the whole plan, in order."""
    rows = _rows(rows)
    with transaction.atomic():
        decision = _locked_decision(decision)
        _check_officer(by, decision)
        if decision.outcome == Decision.Outcome.REJECTED:
            raise ValidationError(_("Nothing was granted: there is no plan to change."))
        if decision.payment_route == Decision.Route.INVOICES:
            raise ValidationError(_("A grant paid by invoices has no instalments."))
        current = list(
            Instalment.objects.select_for_update(of=("self",))
            .filter(decision=decision)
            .select_related("release_report")
            .order_by("number")
        )
        batched = _in_batch([i.pk for i in current])
        replaced = [i for i in current if i.status == N.PLANNED and i.pk not in batched]
        if not replaced:
            raise ValidationError(
                _("Everything in the plan is paid, in a payout batch or cancelled.")
            )
        if not rows:
            raise ValidationError(_("Give at least one instalment."))
        open_total = sum((i.amount for i in replaced), Decimal(0))
        new_total = sum((r.amount for r in rows), Decimal(0))
        if new_total != open_total:
            message = _(
                "The new instalments add up to %(total)s; what is left to pay is %(open)s. "
                "To pay less, cancel an instalment instead."
            ) % {"total": format_amount(new_total), "open": format_amount(open_total)}
            raise ValidationError({"amount": message})
        reports = {r.number: r for r in FollowUpReport.objects.filter(decision=decision)}
        for row in rows:
            if row.after_report is not None and row.after_report not in reports:
                raise ValidationError(
                    {"after_report": _("An instalment waits for a report that is not asked for.")}
                )
        Instalment.objects.filter(pk__in=[i.pk for i in replaced]).delete()
        kept = [i for i in current if i not in replaced]
        start = max((i.number for i in kept), default=0) + 1
        Instalment.objects.bulk_create(
            Instalment(
                decision=decision,
                number=number,
                amount=row.amount,
                year=row.year,
                due_on=row.due_on,
                release_report=reports.get(row.after_report),
            )
            for number, row in enumerate(rows, start=start)
        )
        plan = list(
            Instalment.objects.filter(decision=decision)
            .select_related("release_report")
            .order_by("number")
        )
        application = decision.application
        audit_record(
            actor=by,
            action="instalment.plan_changed",
            target=application,
            municipality=application.call.programme.committee.municipality,
            before={"instalments": [_describe(i) for i in replaced]},
            after={"instalments": [_describe(i) for i in plan if i.number >= start],
                   "amount": str(new_total)},
        )  # fmt: skip
    return plan
