"""Reads for the register's pages outside the staff's admin: an organisation's own page of
its collaborations and agreements (for the people who act for it), the public list and page
of a municipality's public collaborations, and its open data. Each page reads a fixed
number of queries whatever the number of rows (prefetches, no per-row lookups).

The coordinating and politicians' views read ``collaborations.selectors``."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from collaborations.models import (
    Agreement,
    CoApplication,
    Collaboration,
    CollaborationDocument,
    FollowUp,
    IndicatorResult,
    OutsidePartner,
    Party,
    Proposal,
)
from collaborations.services.agreements import follow_up_due_on, follow_up_years_owed
from organisations.models import Organisation
from portal.models import District, FocusArea

# An ended collaboration stays on the public pages this long after its end.
ENDED_SHOWN_DAYS = 365
SHOWN_FOLLOW_UPS = (FollowUp.Status.SUBMITTED, FollowUp.Status.REVIEWED)


# --- an organisation's own page -------------------------------------------------------------


def involving(organisation) -> Q:
    """Collaborations the organisation is part of: a partner, a party to the agreement or
    the applicant of the co-application."""
    return (
        Q(partners=organisation)
        | Q(agreement__parties__organisation=organisation)
        | Q(co_application__applicant=organisation)
    )


def organisation_collaborations(organisation) -> QuerySet[Collaboration]:
    """The collaborations the organisation is part of (not those called off), with what the
    page shows of each, newest start first."""
    ids = (
        Collaboration.objects.filter(involving(organisation))
        .exclude(status=Collaboration.Status.CANCELLED)
        .values("pk")
    )
    return (
        Collaboration.objects.filter(pk__in=ids)
        .select_related("administration", "responsible")
        .prefetch_related(
            Prefetch("focus_areas", queryset=FocusArea.objects.order_by("ordering", "name")),
            Prefetch("partners", queryset=Organisation.objects.order_by("name")),
            Prefetch("outside_partners", queryset=OutsidePartner.objects.order_by("name")),
            Prefetch(
                "documents",
                queryset=CollaborationDocument.objects.order_by("-uploaded_at", "-pk"),
            ),
        )
        .order_by("-starts_on", "title", "pk")
    )


@dataclass
class IndicatorRow:
    indicator: object
    results: list = field(default_factory=list)  # per year of ``AgreementView.years``


@dataclass
class FollowUpToWrite:
    year: int
    due_on: object  # date
    follow_up: FollowUp | None = None  # the open draft; None: not opened yet


@dataclass
class AgreementView:
    agreement: Agreement
    parties: list
    years: list
    indicators: list
    to_write: list = field(default_factory=list)  # FollowUpToWrite: drafts and years owed


def organisation_agreements(organisation) -> list[AgreementView]:
    """The agreements the organisation is a party to: the parties and what each brings
    (money in kronor), the indicators with their targets and the submitted follow-ups'
    results, one column per year."""
    agreements = (
        Agreement.objects.filter(parties__organisation=organisation)
        .exclude(collaboration__status=Collaboration.Status.CANCELLED)
        .select_related("collaboration__administration", "governance_forum")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=Party.objects.select_related("organisation", "administration")
                .prefetch_related("contributions")
                .order_by("pk"),
            ),
            "indicators",
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.filter(status__in=SHOWN_FOLLOW_UPS)
                .prefetch_related(Prefetch("results", queryset=IndicatorResult.objects.all()))
                .order_by("year"),
            ),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.only("pk", "agreement_id", "year", "status"),
                to_attr="every_follow_up",
            ),
        )
        .distinct()
        .order_by("collaboration__title", "pk")
    )
    views = []
    for agreement in agreements:
        parties = list(agreement.parties.all())
        follow_ups = list(agreement.follow_ups.all())
        years = [f.year for f in follow_ups]
        values = {(f.year, r.indicator_id): r for f in follow_ups for r in f.results.all()}
        indicators = [
            IndicatorRow(i, [values.get((year, i.pk)) for year in years])
            for i in agreement.indicators.all()
        ]
        views.append(
            AgreementView(agreement, parties, years, indicators, follow_ups_to_write(agreement))
        )
    return views


def follow_ups_to_write(agreement, today=None) -> list[FollowUpToWrite]:
    """The agreement's draft follow-ups and the years it owes one not yet opened
    (``services.follow_up_years_owed``), oldest first; reads the ``every_follow_up``
    prefetch of ``organisation_agreements``."""
    opened = {f.year: f for f in agreement.every_follow_up}
    rows = [
        FollowUpToWrite(f.year, follow_up_due_on(agreement, f.year), f)
        for f in opened.values()
        if f.status == FollowUp.Status.DRAFT
    ]
    rows += [
        FollowUpToWrite(year, follow_up_due_on(agreement, year))
        for year in follow_up_years_owed(agreement, today)
        if year not in opened
    ]
    return sorted(rows, key=lambda row: row.year)


def organisation_co_applications(organisation) -> QuerySet[CoApplication]:
    return (
        CoApplication.objects.filter(applicant=organisation)
        .select_related("collaboration__administration")
        .order_by("-collaboration__created_at", "-pk")
    )


def organisation_proposals(organisation) -> QuerySet[Proposal]:
    return (
        organisation.collaboration_proposals.select_related("collaboration")
        .prefetch_related(
            Prefetch("focus_areas", queryset=FocusArea.objects.order_by("ordering", "name")),
            Prefetch("districts", queryset=District.objects.order_by("name")),
        )
        .order_by("-created_at", "-pk")
    )


def involving_any(organisations) -> QuerySet[Collaboration]:
    """Collaborations (not called off) that involve one of ``organisations`` (a queryset)."""
    return Collaboration.objects.filter(
        Q(partners__in=organisations)
        | Q(agreement__parties__organisation__in=organisations)
        | Q(co_application__applicant__in=organisations)
    ).exclude(status=Collaboration.Status.CANCELLED)


# --- the public pages and open data ---------------------------------------------------------


def public_collaborations(municipality, today=None) -> QuerySet[Collaboration]:
    """What the municipality shows the public: collaborations marked public that are
    planned, active, or ended within the last year."""
    today = today or timezone.localdate()
    since = today - timedelta(days=ENDED_SHOWN_DAYS)
    recent_end = Q(status=Collaboration.Status.ENDED) & (
        Q(ends_on__gte=since) | Q(ends_on__isnull=True, updated_at__date__gte=since)
    )
    current = Q(status__in=[Collaboration.Status.PLANNED, Collaboration.Status.ACTIVE])
    return Collaboration.objects.filter(municipality=municipality, is_public=True).filter(
        current | recent_end
    )


def with_public_details(queryset) -> QuerySet[Collaboration]:
    """The rows with what the public pages and open data show (no personal data: the
    owning administration, never the responsible person)."""
    return queryset.select_related("administration").prefetch_related(
        Prefetch("focus_areas", queryset=FocusArea.objects.order_by("ordering", "name")),
        Prefetch("districts", queryset=District.objects.order_by("name")),
        Prefetch("partners", queryset=Organisation.objects.order_by("name")),
        Prefetch("outside_partners", queryset=OutsidePartner.objects.order_by("name")),
    )


def public_detail_parties(collaboration) -> list:
    """The agreement's parties by name (none if it has no agreement)."""
    return list(
        Party.objects.filter(agreement__collaboration=collaboration)
        .select_related("organisation", "administration")
        .order_by("pk")
    )
