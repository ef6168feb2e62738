"""Reads about money: what a call has granted and paid, what can be paid, payment files."""

import io
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from grants.models import Decision, Payout, PayoutBatch
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
METHOD_CODES = {"bankgiro": "BG", "plusgiro": "PG"}
CENT = Decimal("0.01")


def committed_amount(call) -> Decimal:
    """What the call's decisions have granted so far (one aggregate query)."""
    total = Decision.objects.filter(application__call=call).aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


@dataclass
class CallMoney:
    budget: Decimal
    committed: Decimal
    paid: Decimal

    @property
    def left(self) -> Decimal:
        return self.budget - self.committed


def call_money(call) -> CallMoney:
    """Budgeted, committed (granted) and paid for one call, in one query."""
    totals = Decision.objects.filter(application__call=call).aggregate(
        committed=Sum("amount", default=Decimal(0)),
        paid=Sum(
            "payout__amount",
            filter=Q(payout__batch__status=PayoutBatch.Status.PAID),
            default=Decimal(0),
        ),
    )
    return CallMoney(call.budget, totals["committed"], totals["paid"])


def payable_decisions(committee) -> QuerySet[Decision]:
    """Granted decisions of the committee that are not in any payout batch yet."""
    return (
        Decision.objects.filter(
            application__call__programme__committee=committee, amount__gt=0, payout__isnull=True
        )
        .exclude(outcome=Decision.Outcome.REJECTED)
        .select_related("application__organisation", "application__call")
        .order_by("decided_at", "pk")
    )


def payment_file_csv(batch: PayoutBatch) -> str:
    """The batch as a semicolon-separated file for the municipality's finance system.

    The finance department opens it in a spreadsheet program too, so a payee or
    organisation name that would start a formula gets a leading apostrophe
    (``portal.spreadsheets``); amounts, account numbers, dates and references start with a
    digit or a letter and are written exactly as before."""
    payouts = Payout.objects.filter(batch=batch).select_related(
        "decision__application__call__programme"
    )
    out = io.StringIO()
    writer = spreadsheets.csv_writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(PAYMENT_FILE_COLUMNS)
    for payout in payouts:
        writer.writerow([
            batch.payment_date.isoformat(),
            batch.reference,
            payout.account_holder,
            payout.organisation_name,
            payout.organisation_number,
            METHOD_CODES.get(payout.method, payout.method),
            payout.account_number,
            payout.amount.quantize(CENT),  # a number: "1234.50"
            int(payout.amount * 100),
            "SEK",
            payout.reference,
            batch.committee.abbreviation,
            payout.decision.application.call.programme.name,
        ])  # fmt: skip
    return out.getvalue()
