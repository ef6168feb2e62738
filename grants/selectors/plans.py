"""Reads of payment plans: a decision's instalments as the case page and the association's
application page show them (what comes when, what it waits for, what is paid)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from grants.models import Decision, FollowUpReport, Instalment, PayoutBatch


def _waiting_text(report: FollowUpReport) -> str:
    """ "Paid out when the yearly report 2027 has been accepted" (each kind its own
    sentence: Swedish says "årsrapporten", not the title in lower case)."""
    kind, year = report.kind, report.year
    if kind == FollowUpReport.Kind.YEARLY and year:
        return _("Paid out when the yearly report %(year)s has been accepted") % {"year": year}
    if kind == FollowUpReport.Kind.INTERIM:
        return _("Paid out when the interim report has been accepted")
    if kind == FollowUpReport.Kind.YEARLY:
        return _("Paid out when the yearly report has been accepted")
    return _("Paid out when the final report has been accepted")


@dataclass
class PlanRow:
    instalment: Instalment
    batch: PayoutBatch | None

    @property
    def number(self):
        return self.instalment.number

    @property
    def amount(self) -> Decimal:
        return self.instalment.amount

    @property
    def is_paid(self) -> bool:
        return self.instalment.status == Instalment.Status.PAID

    @property
    def is_cancelled(self) -> bool:
        return self.instalment.status == Instalment.Status.CANCELLED

    @property
    def is_open(self) -> bool:
        """May still be changed or cancelled: planned and in no payout batch."""
        return self.instalment.status == Instalment.Status.PLANNED and self.batch is None

    @property
    def report(self) -> FollowUpReport | None:
        return self.instalment.release_report

    @property
    def waits_for_report(self) -> bool:
        report = self.report
        return report is not None and report.status != FollowUpReport.Status.ACCEPTED

    def when(self) -> str:
        """When the money comes, in words for people: "Paid 3 March 2027", "Paid out when
        the yearly report 2027 has been accepted", "From 1 January 2028"."""
        instalment = self.instalment
        if self.is_paid and instalment.paid_at:
            return _("Paid %(date)s") % {"date": date_format(instalment.paid_at, "j F Y")}
        if self.is_cancelled:
            return _("Cancelled: %(reason)s") % {"reason": instalment.cancelled_reason}
        parts = []
        if self.waits_for_report:
            parts.append(_waiting_text(self.report))
        if instalment.due_on:
            parts.append(
                _("from %(date)s") % {"date": date_format(instalment.due_on, "j F Y")}
                if parts
                else _("From %(date)s") % {"date": date_format(instalment.due_on, "j F Y")}
            )
        if self.batch is not None:
            parts.append(
                _("in a payment on %(date)s")
                % {"date": date_format(self.batch.payment_date, "j F Y")}
            )
        if not parts:
            return _("Paid out as soon as possible")
        text = ", ".join(parts)
        return text[:1].upper() + text[1:]


@dataclass
class Plan:
    rows: list[PlanRow]

    def _sum(self, test) -> Decimal:
        return sum((r.amount for r in self.rows if test(r)), Decimal(0))

    @property
    def paid(self) -> Decimal:
        return self._sum(lambda r: r.is_paid)

    @property
    def to_come(self) -> Decimal:
        return self._sum(lambda r: not r.is_paid and not r.is_cancelled)

    @property
    def cancelled(self) -> Decimal:
        return self._sum(lambda r: r.is_cancelled)

    @property
    def has_open(self) -> bool:
        return any(r.is_open for r in self.rows)


def plan_instalments() -> QuerySet[Instalment]:
    """Instalments as a plan shows them: in order, with the report that releases each and
    its payout batch (a page that reads a decision's instalments for more than its plan
    prefetches them with this, and gives them to ``decision_plan``)."""
    return Instalment.objects.select_related(
        "release_report", "payout__batch__committee", "cancelled_by"
    ).order_by("number")


def decision_plan(decision: Decision | None, instalments=None) -> Plan:
    """The decision's plan, in one query (the releasing reports and the batches with it);
    none when its ``instalments`` are given, already read with ``plan_instalments``."""
    if decision is None or decision.pk is None:
        return Plan([])
    if instalments is None:
        instalments = plan_instalments().filter(decision=decision)
    rows = []
    for instalment in instalments:
        payout = getattr(instalment, "payout", None)
        rows.append(PlanRow(instalment, payout.batch if payout is not None else None))
    return Plan(rows)
