"""Reads of the budget: granted, planned and paid per call, committee and year, and the
appropriations' figures, each in a fixed number of aggregate queries.

Which year money belongs to:

* granted: the year of the decision (Stockholm time, as ``grants.years``);
* planned: money still to be paid -- instalments neither paid nor cancelled, in their grant
  year, else the year of their date, else the decision's year; and approved suppliers'
  invoices not yet paid, in the decision's year;
* paid: the year the payout batch was marked paid.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear

from grants.models import (
    Appropriation,
    Call,
    Decision,
    Instalment,
    Payout,
    PayoutBatch,
    RepaymentClaim,
    SupplierInvoice,
)

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=16, decimal_places=2))


def _zone():
    return ZoneInfo(settings.TIME_ZONE)


def _sum_of(queryset, group: str) -> Subquery:
    """``SUM(amount)`` of ``queryset`` per ``group`` as a subquery (0 when none)."""
    total = queryset.values(group).annotate(total=Sum("amount")).values("total")
    return Coalesce(Subquery(total), ZERO)


def appropriations_with_money(queryset: QuerySet[Appropriation]) -> QuerySet[Appropriation]:
    """Appropriations with ``committed_total``, ``paid_total``, ``repaid_total`` and
    ``left_total`` (as ``grants.selectors.appropriation_money``), one query for any number."""
    committed = _sum_of(
        Decision.objects.filter(application__call__appropriation=OuterRef("pk")),
        "application__call__appropriation",
    ) - _sum_of(
        Instalment.objects.filter(
            decision__application__call__appropriation=OuterRef("pk"),
            status=Instalment.Status.CANCELLED,
        ),
        "decision__application__call__appropriation",
    )
    paid = _sum_of(
        Payout.objects.filter(
            decision__application__call__appropriation=OuterRef("pk"),
            batch__status=PayoutBatch.Status.PAID,
        ),
        "decision__application__call__appropriation",
    )
    repaid = _sum_of(
        RepaymentClaim.objects.filter(
            report__decision__application__call__appropriation=OuterRef("pk"),
            status=RepaymentClaim.Status.REPAID,
        ),
        "report__decision__application__call__appropriation",
    )
    return queryset.annotate(
        committed_total=committed, paid_total=paid, repaid_total=repaid
    ).annotate(left_total=Coalesce("amount", ZERO) - Coalesce("committed_total", ZERO)
               + Coalesce("repaid_total", ZERO))  # fmt: skip


@dataclass
class BudgetRow:
    call: Call
    granted: Decimal = Decimal(0)
    planned: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)


@dataclass
class CommitteeBudget:
    committee: object
    rows: list[BudgetRow] = field(default_factory=list)
    appropriations: list[Appropriation] = field(default_factory=list)

    def _total(self, name) -> Decimal:
        return sum((getattr(r, name) for r in self.rows), Decimal(0))

    @property
    def granted(self) -> Decimal:
        return self._total("granted")

    @property
    def planned(self) -> Decimal:
        return self._total("planned")

    @property
    def paid(self) -> Decimal:
        return self._total("paid")


def _by_call(queryset, call_lookup: str, year_expression, year: int) -> dict:
    rows = (
        queryset.alias(budget_year=year_expression)
        .filter(budget_year=year)
        .values(call_lookup)
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {row[call_lookup]: row["total"] or Decimal(0) for row in rows}


def budget(committees, year: int) -> list[CommitteeBudget]:
    """Granted, planned and paid in ``year`` per call of each committee, with the
    committees' appropriations of the year: six queries, whatever the number of calls."""
    committees = list(committees)
    ids = [c.pk for c in committees]
    zone = _zone()
    decision_year = ExtractYear("decision__decided_at", tzinfo=zone)
    granted = _by_call(
        Decision.objects.filter(application__call__programme__committee__in=ids),
        "application__call",
        ExtractYear("decided_at", tzinfo=zone),
        year,
    )
    planned = _by_call(
        Instalment.objects.filter(
            decision__application__call__programme__committee__in=ids,
            status=Instalment.Status.PLANNED,
        ),
        "decision__application__call",
        Coalesce("year", ExtractYear("due_on"), decision_year),
        year,
    )
    invoices = _by_call(
        SupplierInvoice.objects.filter(
            decision__application__call__programme__committee__in=ids,
            status=SupplierInvoice.Status.APPROVED,
        ),
        "decision__application__call",
        decision_year,
        year,
    )
    paid = _by_call(
        Payout.objects.filter(
            decision__application__call__programme__committee__in=ids,
            batch__status=PayoutBatch.Status.PAID,
        ),
        "decision__application__call",
        Coalesce(ExtractYear("batch__paid_at", tzinfo=zone), ExtractYear("batch__payment_date")),
        year,
    )
    touched = set(granted) | set(planned) | set(invoices) | set(paid)
    calls = (
        Call.objects.filter(
            Q(pk__in=touched) | Q(programme__committee__in=ids, opens_at__year=year)
        )
        .select_related("programme")
        .order_by("programme__name", "opens_at", "pk")
    )
    by_committee = defaultdict(list)
    for call in calls:
        by_committee[call.programme.committee_id].append(
            BudgetRow(
                call,
                granted.get(call.pk, Decimal(0)),
                planned.get(call.pk, Decimal(0)) + invoices.get(call.pk, Decimal(0)),
                paid.get(call.pk, Decimal(0)),
            )
        )
    appropriations = defaultdict(list)
    for appropriation in appropriations_with_money(
        Appropriation.objects.filter(committee__in=ids, year=year)
    ):
        appropriations[appropriation.committee_id].append(appropriation)
    return [
        CommitteeBudget(c, by_committee.get(c.pk, []), appropriations.get(c.pk, []))
        for c in committees
    ]
