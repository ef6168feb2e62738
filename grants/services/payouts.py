"""Writes of payouts: approved amounts go, in batches, to the registered account only, and a
decision is never paid twice (locked rows, checked again under the lock, and a unique key)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import workflow
from grants.models import Decision, Payout, PayoutBatch
from grants.permissions import handles_cases
from organisations.models import PayoutAccount
from portal.services import audit_record


def _payout_refusal(decision, account, committee) -> str:
    if decision.application.call.programme.committee_id != committee.pk:
        return _("decided by another committee")
    if decision.outcome == Decision.Outcome.REJECTED or decision.amount <= 0:
        return _("nothing was granted")
    if account is None:
        return _("the organisation has no registered bankgiro or plusgiro")
    return ""


def payout_batch_create(*, committee, decisions, payment_date, by, note=""):
    """Plan a batch paying the given decisions; returns ``(batch, refused)``.

    ``refused`` lists ``(decision, reason)`` for decisions that are not payable (already paid
    or planned, rejected, no registered account). The decisions' rows stay locked until the
    batch commits, so two officers planning at once cannot both include the same decision.
    """
    if not handles_cases(by, committee):
        raise ValidationError(_("Only an officer of the committee can plan payouts."))
    with transaction.atomic():
        ids = [d.pk for d in decisions]
        locked = (
            Decision.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .select_related("application__organisation", "application__call__programme")
            .order_by("pk")
        )
        locked = list(locked)
        already = set(Payout.objects.filter(decision__in=ids).values_list("decision_id", flat=True))
        accounts = {
            a.organisation_id: a
            for a in PayoutAccount.objects.filter(
                organisation__in=[d.application.organisation_id for d in locked]
            )
        }
        payable, refused = [], []
        for decision in locked:
            account = accounts.get(decision.application.organisation_id)
            reason = (
                _("already in a payout batch")
                if decision.pk in already
                else _payout_refusal(decision, account, committee)
            )
            if reason:
                refused.append((decision, reason))
            else:
                payable.append((decision, account))
        if not payable:
            raise ValidationError(_("None of the selected decisions can be paid out."))
        batch = PayoutBatch.objects.create(
            committee=committee, payment_date=payment_date, created_by=by, note=note
        )
        try:
            with transaction.atomic():
                Payout.objects.bulk_create(_payout(batch, d, a) for d, a in payable)
        except IntegrityError as error:  # a decision paid by a racing batch: never twice
            raise ValidationError(_("A decision is already in another payout batch.")) from error
        audit_record(
            actor=by,
            action="payout_batch.created",
            target=batch,
            municipality=committee.municipality,
            after={"payouts": [{"decision": d.pk, "amount": str(d.amount)} for d, _a in payable]},
        )
    return batch, refused


def _payout(batch, decision, account) -> Payout:
    organisation = decision.application.organisation
    return Payout(
        batch=batch,
        decision=decision,
        amount=decision.amount,
        method=account.method,
        account_number=account.number,
        account_holder=account.account_holder,
        organisation_name=organisation.name,
        organisation_number=organisation.organisation_number or "",
        reference=decision.application.diarienummer,
    )


@transaction.atomic
def payout_batch_transition(*, batch: PayoutBatch, to_status: str, by) -> PayoutBatch:
    """Mark a batch sent to finance, paid, or cancel a planned one (which frees its
    decisions for a new batch). Every move is checked against the workflow and audited."""
    batch = PayoutBatch.objects.select_for_update().get(pk=batch.pk)
    if not handles_cases(by, batch.committee):
        raise ValidationError(_("Only an officer of the committee can handle payouts."))
    if to_status not in PayoutBatch.Status.values:
        raise ValidationError(_("Unknown status."))
    table = workflow.PAYOUT_BATCH_TRANSITIONS
    if not workflow.allowed(batch.status, to_status, workflow.OFFICER, table):
        raise ValidationError(
            _("A batch that is %(status)s cannot be marked %(to)s.")
            % {
                "status": batch.get_status_display().lower(),
                "to": PayoutBatch.Status(to_status).label.lower(),
            }
        )
    before = {"status": batch.status}
    after = {"status": to_status}
    now = timezone.now()
    if to_status == PayoutBatch.Status.SENT:
        batch.sent_at = now
    elif to_status == PayoutBatch.Status.PAID:
        batch.paid_at = now
    elif to_status == PayoutBatch.Status.CANCELLED:
        after["released"] = list(batch.payouts.values_list("reference", flat=True))
        batch.payouts.all().delete()
    batch.status = to_status
    batch.save(update_fields=["status", "sent_at", "paid_at"])
    audit_record(
        actor=by,
        action="payout_batch.status_changed",
        target=batch,
        municipality=batch.committee.municipality,
        before=before,
        after=after,
    )
    return batch
