"""Writes of payouts: approved amounts go, in batches, to the registered account only, and a
decision is never paid twice (locked rows, checked again under the lock, and a unique key)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import workflow
from grants.models import (
    Decision,
    FollowUpReport,
    Instalment,
    Payout,
    PayoutBatch,
    SupplierInvoice,
)
from grants.permissions import handles_cases
from grants.services.kept_figures import calls_paid_add
from organisations.models import PayoutAccount
from portal.services import audit_record


def _payee_account(decision, accounts):
    """The registered account the decision's money goes to: the applicant's, or for a grant
    paid through a host organisation, the host's."""
    if decision.payment_route == Decision.Route.HOST:
        return accounts.get(decision.host_id)
    return accounts.get(decision.application.organisation_id)


def _decision_refusal(decision, account, committee) -> str:
    if decision.application.call.programme.committee_id != committee.pk:
        return _("decided by another committee")
    if decision.outcome == Decision.Outcome.REJECTED or decision.amount <= 0:
        return _("nothing was granted")
    if decision.payment_route == Decision.Route.INVOICES:
        return ""
    if account is None:
        if decision.payment_route == Decision.Route.HOST:
            return _("the host organisation has no registered account")
        return _("the organisation has no registered account")
    return ""


def payout_batch_create(*, committee, decisions, payment_date, by, note=""):
    """Plan a batch paying what the given decisions have ready; returns ``(batch, refused)``.

    What is ready: instalments that are planned, not in a batch, due by the payment date and
    (where the plan says so) released by an accepted report; for grants paid by invoices,
    the approved suppliers' invoices. ``refused`` lists ``(decision, reason)`` for
    decisions with nothing to pay. The decisions' rows stay locked until the batch
    commits, so two officers planning at once cannot both include the same instalment; a
    unique key per instalment and per invoice makes paying twice impossible regardless.
    """
    if not handles_cases(by, committee):
        raise ValidationError(_("Only an officer of the committee can plan payouts."))
    with transaction.atomic():
        ids = [d.pk for d in decisions]
        locked = list(
            Decision.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .select_related("application__organisation", "application__call__programme", "host")
            .order_by("pk")
        )
        ready = ready_to_pay(locked, payment_date)
        parts = dict(
            Instalment.objects.filter(decision__in=ids)
            .values("decision")
            .annotate(n=Count("pk"))
            .values_list("decision", "n")
        )
        owners = {d.application.organisation_id for d in locked} | {d.host_id for d in locked}
        accounts = {a.organisation_id: a for a in PayoutAccount.objects.filter(
            organisation__in=owners - {None})}  # fmt: skip
        rows, refused = [], []
        for decision in locked:
            account = _payee_account(decision, accounts)
            reason = _decision_refusal(decision, account, committee)
            items = ready.get(decision.pk, [])
            if not reason and not items:
                reason = _nothing_ready_reason(decision)
            if reason:
                refused.append((decision, reason))
                continue
            decision.instalment_count = parts.get(decision.pk, 0)
            rows.extend((decision, item, account) for item in items)
        if not rows:
            raise ValidationError(_("None of the selected decisions can be paid out."))
        batch = PayoutBatch.objects.create(
            committee=committee, payment_date=payment_date, created_by=by, note=note
        )
        try:
            with transaction.atomic():
                Payout.objects.bulk_create(_payout(batch, d, item, a) for d, item, a in rows)
        except IntegrityError as error:  # paid by a racing batch: never twice
            raise ValidationError(_("A payment is already in another payout batch.")) from error
        audit_record(
            actor=by,
            action="payout_batch.created",
            target=batch,
            municipality=committee.municipality,
            after={"payouts": [{"decision": d.pk, "amount": str(item.amount)}
                               for d, item, _a in rows]},
        )  # fmt: skip
    return batch, refused


def ready_to_pay(decisions, payment_date) -> dict:
    """What each decision has ready to pay on ``payment_date``: ``{decision id: [items]}``,
    each item an instalment or (for grants paid by invoices) an approved invoice."""
    ids = [d.pk for d in decisions]
    ready: dict[int, list] = {}
    instalments = (
        Instalment.objects.filter(
            decision__in=ids, status=Instalment.Status.PLANNED, payout__isnull=True
        )
        .exclude(decision__payment_route=Decision.Route.INVOICES)
        .filter(Q(due_on__isnull=True) | Q(due_on__lte=payment_date))
        .filter(
            Q(release_report__isnull=True)
            | Q(release_report__status=FollowUpReport.Status.ACCEPTED)
        )
        .order_by("number")
    )
    for instalment in instalments:
        ready.setdefault(instalment.decision_id, []).append(instalment)
    invoices = SupplierInvoice.objects.filter(
        decision__in=ids, status=SupplierInvoice.Status.APPROVED, payout__isnull=True
    ).order_by("submitted_at", "pk")
    for invoice in invoices:
        ready.setdefault(invoice.decision_id, []).append(invoice)
    return ready


def _nothing_ready_reason(decision) -> str:
    if decision.payment_route == Decision.Route.INVOICES:
        return _("no approved invoice is waiting to be paid")
    waiting = decision.instalments.filter(status=Instalment.Status.PLANNED, payout__isnull=True)
    if not waiting.exists():
        return _("already paid or in a payout batch")
    return _("the next instalment waits for its date or for a report to be accepted")


def _payout(batch, decision, item, account) -> Payout:
    organisation = decision.application.organisation
    reference = decision.application.diarienummer or ""
    if isinstance(item, SupplierInvoice):
        return Payout(
            batch=batch,
            decision=decision,
            invoice=item,
            amount=item.amount,
            method=item.method,
            account_number=item.account_number,
            account_holder=item.supplier_name,
            organisation_name=item.supplier_name,
            organisation_number=item.supplier_organisation_number,
            recipient_name=organisation.name,
            reference=item.invoice_number[:35],
        )
    payee = decision.host if decision.payment_route == Decision.Route.HOST else organisation
    if decision.instalment_count > 1:
        reference = f"{reference} del {item.number}"
    return Payout(
        batch=batch,
        decision=decision,
        instalment=item,
        amount=item.amount,
        method=account.method,
        account_number=account.number,
        bic=account.bic,
        account_holder=account.account_holder,
        organisation_name=payee.name,
        organisation_number=payee.organisation_number or "",
        recipient_name=organisation.name if payee != organisation else "",
        reference=reference[:35],
    )


def _mark_paid(batch, now):
    """The batch's instalments and invoices are paid: moved through their own tables."""
    payouts = list(batch.payouts.select_related("instalment", "invoice"))
    for payout in payouts:
        item = payout.instalment or payout.invoice
        table = (workflow.INSTALMENT_TRANSITIONS if payout.instalment_id
                 else workflow.SUPPLIER_INVOICE_TRANSITIONS)  # fmt: skip
        if not workflow.allowed(item.status, "paid", workflow.OFFICER, table):
            raise ValidationError(_("A payment in the batch can no longer be marked paid."))
    Instalment.objects.filter(payout__batch=batch).update(status="paid", paid_at=now)
    SupplierInvoice.objects.filter(payout__batch=batch).update(status="paid", paid_at=now)


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
        _mark_paid(batch, now)
        calls_paid_add(batch=batch)  # the calls' paid totals (their list reads them)
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
