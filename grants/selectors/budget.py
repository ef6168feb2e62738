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
from django.core.cache import cache
from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

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
from portal.published_files import Version

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


# A committee's sums per call for a year, kept in the cache per version of its
# municipality's money (``grants.budget_signals`` drops it on every change to a decision,
# an instalment, a supplier's invoice, a payout batch or a call).
MONEY = Version("grants-budget:{pk}")
SUMS_KEY = "grants-budget:{version}:committee:{pk}:{year}"
SUMS_SECONDS = 7 * 24 * 3600  # a dropped version's sums expire by themselves
GRANTED, PLANNED, PAID = 0, 1, 2


def _by_call(queryset, call_lookup: str, year_expression, year: int) -> dict:
    rows = (
        queryset.alias(budget_year=year_expression)
        .filter(budget_year=year)
        .values(call_lookup)
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {row[call_lookup]: row["total"] or Decimal(0) for row in rows}


def _sums(committee_ids: list[int], call_ids: list[int], year: int) -> dict:
    """``{call id: [granted, planned, paid]}`` in ``year`` for the calls that have any:
    four aggregate queries, asked of the call ids as a list (the planner then knows how
    many cases a large municipality's calls hold, where a join through programme and
    committee let it guess a few). What was paid is found from the committees' batches
    paid in the year (a batch pays one committee's decisions), not from every payout."""
    zone = _zone()
    decision_year = ExtractYear("decision__decided_at", tzinfo=zone)
    parts = [
        (GRANTED, _by_call(
            Decision.objects.filter(application__call__in=call_ids),
            "application__call", ExtractYear("decided_at", tzinfo=zone), year,
        )),
        (PLANNED, _by_call(
            Instalment.objects.filter(
                decision__application__call__in=call_ids, status=Instalment.Status.PLANNED
            ),
            "decision__application__call",
            Coalesce("year", ExtractYear("due_on"), decision_year), year,
        )),
        (PLANNED, _by_call(
            SupplierInvoice.objects.filter(
                decision__application__call__in=call_ids,
                status=SupplierInvoice.Status.APPROVED,
            ),
            "decision__application__call", decision_year, year,
        )),
        (PAID, _by_call(
            Payout.objects.filter(
                batch__committee__in=committee_ids,
                batch__status=PayoutBatch.Status.PAID,
                decision__application__call__in=call_ids,
            ),
            "decision__application__call",
            Coalesce(
                ExtractYear("batch__paid_at", tzinfo=zone), ExtractYear("batch__payment_date")
            ),
            year,
        )),
    ]  # fmt: skip
    sums: dict = {}
    for column, totals in parts:
        for call, total in totals.items():
            sums.setdefault(call, [Decimal(0)] * 3)[column] += total
    return sums


def _committee_sums(committees, calls, year: int) -> dict[int, dict]:
    """``{committee id: {call id: [granted, planned, paid]}}`` in ``year``, from the cache
    where this version of the municipality's money has them, else summed and kept."""
    versions = {m: MONEY.current(m) for m in {c.municipality_id for c in committees}}
    keys = {
        c.pk: SUMS_KEY.format(version=versions[c.municipality_id], pk=c.pk, year=year)
        for c in committees
    }
    found = cache.get_many(keys.values())
    kept = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in keys if pk not in kept]
    if missing:
        own = [call for call in calls if call.programme.committee_id in missing]
        sums = _sums(missing, [call.pk for call in own], year)
        made = {pk: {} for pk in missing}
        for call in own:
            if call.pk in sums:
                made[call.programme.committee_id][call.pk] = sums[call.pk]
        cache.set_many({keys[pk]: value for pk, value in made.items()}, SUMS_SECONDS)
        kept.update(made)
    return kept


def budget(committees, year: int) -> list[CommitteeBudget]:
    """Granted, planned and paid in ``year`` per call of each committee, with the
    committees' appropriations of the year: two queries, and four more for committees
    whose sums of the year this version of their municipality's money has not kept yet.

    A committee's sums walk every case of its calls since the first year (some 70 000 at
    the largest municipality: half a second, and no index can shorten it, since no table
    holds both a case's call and its decision's or instalment's year). They are kept until
    a change to the municipality's money drops them, so the page reads them from the
    cache (``MONEY``)."""
    committees = list(committees)
    ids = [c.pk for c in committees]
    calls = list(
        Call.objects.filter(programme__committee__in=ids)
        .select_related("programme")
        .order_by("programme__name", "opens_at", "pk")
    )
    sums = _committee_sums(committees, calls, year)
    zone = _zone()
    by_committee = defaultdict(list)
    for call in calls:
        money = sums[call.programme.committee_id].get(call.pk)
        if money is None and timezone.localtime(call.opens_at, zone).year != year:
            continue
        granted, planned, paid = money or [Decimal(0)] * 3
        by_committee[call.programme.committee_id].append(BudgetRow(call, granted, planned, paid))
    appropriations = defaultdict(list)
    for appropriation in appropriations_with_money(
        Appropriation.objects.filter(committee__in=ids, year=year)
    ):
        appropriations[appropriation.committee_id].append(appropriation)
    return [
        CommitteeBudget(c, by_committee.get(c.pk, []), appropriations.get(c.pk, []))
        for c in committees
    ]
