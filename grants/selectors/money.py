"""Reads about money: what a call has granted and paid, what can be paid, payment files."""

import io
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Sum

from grants.models import (
    Decision,
    Instalment,
    Payout,
    PayoutBatch,
    RepaymentClaim,
    SupplierInvoice,
)
from portal import spreadsheets

PAYMENT_FILE_COLUMNS = [
    "Betalningsdatum",  # payment date
    "Bunt",  # batch reference
    "Mottagare",  # payee (account holder)
    "Organisation",
    "Organisationsnummer",
    "Betalsatt",  # BG or PG
    "Kontonummer",
    "Belopp",  # amount, SEK with two decimals and a decimal point
    "Belopp_ore",  # the same in öre, for systems that want integers
    "Valuta",
    "Referens",  # the diarienummer, as the payment's message
    "Namnd",  # committee abbreviation (cost centre)
    "Bidragsprogram",
]
METHOD_CODES = {"bankgiro": "BG", "plusgiro": "PG", "bank_account": "IBAN"}
CENT = Decimal("0.01")


def _cancelled(**lookup) -> Decimal:
    """Cancelled instalments of the decisions matching ``lookup`` (money not to be paid)."""
    cancelled = Instalment.objects.filter(status=Instalment.Status.CANCELLED, **lookup)
    return cancelled.aggregate(total=Sum("amount", default=Decimal(0)))["total"]


def committed_amount(call) -> Decimal:
    """What the call's decisions bind: granted, less instalments cancelled since (their
    money will not be paid, so it is free for other decisions again). Two queries."""
    total = Decision.objects.filter(application__call=call).aggregate(total=Sum("amount"))["total"]
    return (total or Decimal(0)) - _cancelled(decision__application__call=call)


@dataclass
class CallMoney:
    budget: Decimal
    committed: Decimal
    paid: Decimal

    @property
    def left(self) -> Decimal:
        return self.budget - self.committed


def _paid(prefix="") -> Sum:
    return Sum(
        f"{prefix}amount",
        filter=Q(**{f"{prefix}batch__status": PayoutBatch.Status.PAID}),
        default=Decimal(0),
    )


def call_money(call) -> CallMoney:
    """Budgeted, committed (granted less cancelled instalments) and paid for one call."""
    committed = committed_amount(call)
    paid = Payout.objects.filter(decision__application__call=call).aggregate(paid=_paid())["paid"]
    return CallMoney(call.budget, committed, paid)


def kept_call_money(call) -> CallMoney:
    """The same figures as ``call_money``, from the totals kept on the call's row
    (grants.services.kept_figures, as the call list shows them): no query, where summing
    the call's decisions and payouts would read through every decision (the case page).
    ``manage.py grants_check_stored`` checks that they equal the sums."""
    return CallMoney(call.budget, call.granted_total - call.cancelled_total, call.paid_total)


@dataclass
class AppropriationMoney:
    """An appropriation's money: what was appropriated, committed by decisions in its calls
    (less instalments cancelled since), paid out, and paid back (repaid and cancelled money
    flow back into what is left)."""

    appropriated: Decimal
    committed: Decimal
    paid: Decimal
    repaid: Decimal

    @property
    def left(self) -> Decimal:
        return self.appropriated - self.committed + self.repaid


def appropriation_money(appropriation) -> AppropriationMoney:
    """The appropriation's figures, in four aggregate queries."""
    decisions = Decision.objects.filter(application__call__appropriation=appropriation)
    committed = decisions.aggregate(total=Sum("amount", default=Decimal(0)))["total"]
    committed -= _cancelled(decision__application__call__appropriation=appropriation)
    paid = Payout.objects.filter(
        decision__application__call__appropriation=appropriation
    ).aggregate(paid=_paid())["paid"]
    repaid = RepaymentClaim.objects.filter(
        report__decision__application__call__appropriation=appropriation,
        status=RepaymentClaim.Status.REPAID,
    ).aggregate(total=Sum("amount", default=Decimal(0)))["total"]
    return AppropriationMoney(appropriation.amount, committed, paid, repaid)


def payable_decisions(committee) -> QuerySet[Decision]:
    """Granted decisions of the committee with something not yet in a payout batch: a
    planned instalment, or an approved supplier's invoice. (Whether the instalment is due
    yet, or waits for a report, is said when the batch is planned.)"""
    waiting = Instalment.objects.filter(
        decision=OuterRef("pk"), status=Instalment.Status.PLANNED, payout__isnull=True
    )
    invoices = SupplierInvoice.objects.filter(
        decision=OuterRef("pk"), status=SupplierInvoice.Status.APPROVED, payout__isnull=True
    )
    return (
        Decision.objects.filter(application__call__programme__committee=committee, amount__gt=0)
        .filter(Exists(waiting) | Exists(invoices))
        .exclude(outcome=Decision.Outcome.REJECTED)
        .select_related("application__organisation", "application__call")
        .order_by("decided_at", "pk")
    )


def batch_payouts(batch) -> QuerySet[Payout]:
    """The batch's payouts in the payment file's order (the batch's page lists them a page
    at a time; every column it shows is the payout's own)."""
    return Payout.objects.filter(batch=batch).order_by("reference", "pk")


def payment_file_csv(batch: PayoutBatch) -> str:
    """The batch as a semicolon-separated file for the municipality's finance system.

    The finance department opens it in a spreadsheet program too, so a payee or
    organisation name that would start a formula gets a leading apostrophe
    (``portal.spreadsheets``); amounts, account numbers, dates and references start with a
    digit or a letter and are written exactly as before.

    Thousands of rows at a large municipality: the payouts are read as plain values, each
    with its programme's name looked up by its decision (a subquery per row, four index
    lookups; joined, the planner guessed a few payouts and read every decision ever made)."""
    programme = Decision.objects.filter(pk=OuterRef("decision_id")).values(
        "application__call__programme__name"
    )
    columns = ["account_holder", "organisation_name", "organisation_number", "method",
               "account_number", "amount", "reference"]  # fmt: skip
    payouts = (
        Payout.objects.filter(batch=batch)
        .annotate(programme=Subquery(programme[:1]))
        .values_list(*columns, "programme")
    )
    date, reference = batch.payment_date.isoformat(), batch.reference
    abbreviation = batch.committee.abbreviation
    out = io.StringIO()
    writer = spreadsheets.csv_writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(PAYMENT_FILE_COLUMNS)
    for holder, name, number, method, account, amount, payment_reference, programme in payouts:
        writer.writerow([
            date,
            reference,
            holder,
            name,
            number,
            METHOD_CODES.get(method, method),
            account,
            amount.quantize(CENT),  # a number: "1234.50"
            int(amount * 100),
            "SEK",
            payment_reference,
            abbreviation,
            programme,
        ])  # fmt: skip
    return out.getvalue()
