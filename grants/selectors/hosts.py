"""Reads of host organisations (värdorganisationer) and suppliers' invoices: who may host a
group, the requests a person may answer, and what is left of a grant paid by invoices."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Q, QuerySet, Sum, When
from django.http import Http404

from grants.models import Decision, HostAgreement, SupplierInvoice
from organisations.models import Organisation
from organisations.permissions import PAYOUT, may_for_organisation, roles_with


def may_sign_for(user, organisation) -> bool:
    """Whether ``user`` may answer a host request for ``organisation`` (an object or pk):
    their role in it carries ``PAYOUT`` (see grants.services.hosts for why)."""
    return may_for_organisation(user, organisation, PAYOUT)


def host_candidates(application) -> QuerySet[Organisation]:
    """The organisations that may host ``application``'s group: registered associations
    (not informal groups) of the call's municipality, other than the group itself."""
    municipality_id = application.call.programme.committee.municipality_id
    return (
        Organisation.objects.filter(
            municipality_id=municipality_id,
            kind=Organisation.Kind.ASSOCIATION,
            status=Organisation.Status.APPROVED,
        )
        .exclude(pk=application.organisation_id)
        .only("pk", "name", "organisation_number")
        .order_by("name")
    )


def host_requests_for_user(user) -> QuerySet[HostAgreement]:
    """Host requests to organisations where ``user`` may sign, waiting ones first."""
    if not getattr(user, "is_authenticated", False):
        return HostAgreement.objects.none()
    return (
        HostAgreement.objects.filter(
            host__memberships__user=user, host__memberships__role__in=roles_with(PAYOUT)
        )
        .select_related(
            "host", "application__organisation", "application__call__programme__committee"
        )
        .annotate(waiting=Case(When(status=HostAgreement.Status.REQUESTED, then=0), default=1))
        .order_by("waiting", "-requested_at", "-pk")
    )


def host_request_for_signer(user, pk) -> HostAgreement:
    """One host request, for a person who may sign for its host; 404 for anyone else."""
    agreement = host_requests_for_user(user).filter(pk=pk).first()
    if agreement is None:
        raise Http404
    return agreement


@dataclass(frozen=True)
class InvoiceMoney:
    """A grant paid by suppliers' invoices: granted, approved (not yet paid), paid, waiting
    for the officer, and what is left to approve."""

    granted: Decimal
    approved: Decimal
    paid: Decimal
    waiting: Decimal

    @property
    def left(self) -> Decimal:
        return max(self.granted - self.approved - self.paid, Decimal(0))


@dataclass(frozen=True)
class CaseHostAndInvoices:
    """The officer's case page: the group's host agreement, its decision, and the
    suppliers' invoices of a grant paid by invoices."""

    agreement: HostAgreement | None
    decision: Decision | None
    invoices: list[SupplierInvoice]


def case_host_and_invoices(application, decision) -> CaseHostAndInvoices:
    """From the case and its ``decision`` (or None) as the page read them: the host
    agreement is read with the case where the page joined it; the invoices are read only
    for a grant paid by invoices, the only one whose page lists them."""
    invoices = []
    if decision is not None and decision.payment_route == Decision.Route.INVOICES:
        invoices = list(decision.invoices.all())
    return CaseHostAndInvoices(
        agreement=getattr(application, "host_agreement", None),
        decision=decision,
        invoices=invoices,
    )


def invoice_money(decision: Decision) -> InvoiceMoney:
    V = SupplierInvoice.Status
    sums = SupplierInvoice.objects.filter(decision=decision).aggregate(
        approved=Sum("amount", filter=Q(status=V.APPROVED)),
        paid=Sum("amount", filter=Q(status=V.PAID)),
        waiting=Sum("amount", filter=Q(status=V.SUBMITTED)),
    )
    return InvoiceMoney(
        granted=decision.amount,
        approved=sums["approved"] or Decimal(0),
        paid=sums["paid"] or Decimal(0),
        waiting=sums["waiting"] or Decimal(0),
    )
