"""Reads of the collaboration register: the entries of a municipality (with what a table of
them shows, fetched in a fixed number of queries), the counts by level and kind, and the
focus areas and districts no active operational collaboration covers.

Network entries (``source`` *network*) are entries like the others here: the networks app
keeps their focus areas, districts and partners in step with the network."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from collaborations.models import Collaboration, OutsidePartner
from collaborations.permissions import recordable_q
from collaborations.roles import COORDINATE, RECORD
from organisations.models import Organisation
from portal import permissions
from portal.models import District, FocusArea


def current_q(prefix: str = "", today=None) -> Q:
    """Entries that are active and not past their end date."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}status": Collaboration.Status.ACTIVE}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": today})
    )


def register_entries(municipality) -> QuerySet[Collaboration]:
    """The municipality's entries with what the register table shows: owning administration,
    responsible person, network, focus areas, partners and outside partners (prefetched, so
    a page of 50 takes as many queries as a page of 3)."""
    return (
        Collaboration.objects.filter(municipality=municipality)
        .select_related("administration", "responsible", "network")
        .prefetch_related(
            Prefetch("focus_areas", queryset=FocusArea.objects.only("pk", "name", "slug")),
            Prefetch("partners", queryset=Organisation.objects.only("pk", "name")),
            Prefetch(
                "outside_partners",
                queryset=OutsidePartner.objects.only("pk", "name", "collaboration_id"),
            ),
        )
        .order_by("title", "pk")
    )


def with_change_right(queryset: QuerySet[Collaboration], user) -> QuerySet[Collaboration]:
    """Annotate ``may_change``: whether ``user`` may change the entry in the admin (the rule
    of ``permissions.may_change``, as one subquery instead of a check per row)."""
    if not getattr(user, "is_authenticated", False):
        return queryset.annotate(may_change=Value(False))
    if user.is_superuser:
        return queryset.annotate(may_change=Value(True))
    coordinating = permissions.scope(user, COORDINATE).municipality_ids
    recording = permissions.scope(user, RECORD)
    recording_anywhere = recording.municipality_ids | {
        held.municipality_id
        for held in permissions.held_roles(user)
        if held.committee_id is not None and held.role in permissions.roles_granting(RECORD)
    }
    changeable = Collaboration.objects.filter(pk=OuterRef("pk")).filter(
        (Q(administration__isnull=False) & recordable_q(user))
        | Q(administration__isnull=True, municipality_id__in=sorted(coordinating))
        | Q(
            administration__isnull=True,
            responsible=user,
            municipality_id__in=sorted(recording_anywhere),
        )
    )
    return queryset.annotate(may_change=Exists(changeable))


@dataclass
class LevelKindCounts:
    """Entries counted by level (rows) and kind (columns), with the totals."""

    levels: list[tuple[str, str]]
    kinds: list[tuple[str, str]]
    cells: dict[tuple[str, str], int] = field(default_factory=dict)

    def rows(self) -> list[tuple[str, list[int], int]]:
        """(level label, count per kind, level total)."""
        result = []
        for level, label in self.levels:
            counts = [self.cells.get((level, kind), 0) for kind, _label in self.kinds]
            result.append((label, counts, sum(counts)))
        return result

    def kind_totals(self) -> list[int]:
        return [
            sum(self.cells.get((level, kind), 0) for level, _ in self.levels)
            for kind, _label in self.kinds
        ]

    @property
    def total(self) -> int:
        return sum(self.cells.values())


def counts_by_level_and_kind(queryset: QuerySet[Collaboration]) -> LevelKindCounts:
    """One query: the entries of ``queryset`` grouped by level and kind. Only the kinds that
    occur get a column, so the table stays narrow."""
    rows = queryset.order_by().values("level", "kind").annotate(n=Count("pk", distinct=True))
    cells = {(row["level"], row["kind"]): row["n"] for row in rows}
    present = {kind for _level, kind in cells}
    kinds = [(value, str(label)) for value, label in Collaboration.Kind.choices if value in present]
    levels = [(value, str(label)) for value, label in Collaboration.Level.choices]
    return LevelKindCounts(levels=levels, kinds=kinds, cells=cells)


@dataclass
class Uncovered:
    """Focus areas and districts of a municipality with no current operational entry."""

    focus_areas: list[FocusArea]
    districts: list[District]


def uncovered(municipality, today=None) -> Uncovered:
    """Two queries: the focus areas and the districts that no active operational
    collaboration (networks included) is tagged with."""
    covering = Collaboration.objects.filter(
        current_q(today=today), municipality=municipality, level=Collaboration.Level.OPERATIONAL
    )
    focus_areas = FocusArea.objects.filter(municipality=municipality).exclude(
        Exists(covering.filter(focus_areas=OuterRef("pk")))
    )
    districts = District.objects.filter(municipality=municipality).exclude(
        Exists(covering.filter(districts=OuterRef("pk")))
    )
    return Uncovered(focus_areas=list(focus_areas), districts=list(districts))


def by_level(queryset: QuerySet[Collaboration]) -> dict[str, list[Collaboration]]:
    """The entries of ``queryset`` per level (political, strategic, operational), in the
    levels' order, every level present (possibly empty)."""
    grouped: dict[str, list[Collaboration]] = {value: [] for value in Collaboration.Level.values}
    for entry in queryset:
        grouped.setdefault(entry.level, []).append(entry)
    return grouped


def first_per_level(queryset: QuerySet[Collaboration], limit: int) -> QuerySet[Collaboration]:
    """The first ``limit`` entries of each level (by name), in one query: a window numbers
    each level's rows, so a focus area with hundreds of entries shows a readable page."""
    return queryset.annotate(
        place_in_level=Window(RowNumber(), partition_by=F("level"), order_by=[F("title"), F("pk")])
    ).filter(place_in_level__lte=limit)


def counts_by_level(queryset: QuerySet[Collaboration]) -> dict[str, int]:
    """How many entries of ``queryset`` each level has (one query)."""
    counted = queryset.order_by().values("level").annotate(count=Count("pk"))
    return {row["level"]: row["count"] for row in counted}


def focus_area_entries(focus_area) -> QuerySet[Collaboration]:
    """The entries tagged with ``focus_area`` that are planned or running."""
    return register_entries(focus_area.municipality_id).filter(
        focus_areas=focus_area,
        status__in=[Collaboration.Status.PLANNED, Collaboration.Status.ACTIVE],
    )
