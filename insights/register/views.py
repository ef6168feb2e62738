"""The register's pages: the coordinating view (every administration's collaborations, with
filters and the grants beside them), its gaps, an entry read-only, and a focus area for the
politicians (collaborations by level and the action plan). Read-only: changes are made in
the admin by those who may."""

from typing import NamedTuple

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from collaborations import selectors as register
from collaborations.models import Collaboration, Party
from collaborations.permissions import may_change, may_coordinate, may_record, may_view_register
from insights import selectors as dashboard_selectors
from insights.register import selectors
from insights.register.filters import RegisterFilter
from insights.rollups import rollups_ensure
from insights.volunteering import selectors as volunteering_selectors
from networks.models import Action
from portal import permissions
from portal.models import FocusArea, Municipality
from portal.roles import USE_ADMIN
from volunteering.permissions import may_view_figures

PAGE_SIZE = 50
LEVEL_LIMIT = 15  # entries named per level on a focus area's page; the rest in the register
PLAN_PAGE_SIZE = 50
GRANTS_CACHE_SECONDS = 24 * 3600  # a new refresh makes a new key


class Level(NamedTuple):
    """A level's part of a focus area's page: the first entries and how many there are."""

    value: str
    label: str
    entries: list
    count: int
    register_url: str


def _municipality(request, slug) -> Municipality:
    """The municipality whose register the user may read; 404 otherwise (as the
    dashboards: other municipalities' pages do not say they exist)."""
    municipality = get_object_or_404(Municipality, slug=slug, is_active=True)
    if not may_view_register(request.user, municipality):
        raise Http404
    return municipality


def _admin_change_url(pk: int) -> str:
    return reverse("admin:collaborations_collaboration_change", args=[pk])


def _link(entry, municipality, admin: bool) -> str:
    """Where an entry's name leads: its network's page, its admin page for those who may
    change it, else the read view."""
    network = getattr(entry, "network", None) if entry.source == entry.Source.NETWORK else None
    if network is not None:
        return reverse("networks:detail", args=[network.pk])
    if admin and entry.may_change:
        return _admin_change_url(entry.pk)
    return reverse("insights:register_entry", args=[municipality.slug, entry.pk])


def _grants(municipality, year, freshness):
    """The grants beside the register, per programme: as fresh as the dashboards' figures
    (kept per rollup refresh, so the 10 000 decisions of a large municipality's year are
    summed once a refresh, not on every page)."""
    key = f"insights:register-grants:{municipality.pk}:{year}:{freshness.refreshed_at.timestamp()}"
    return cache.get_or_set(
        key, lambda: selectors.grants_by_programme(municipality, year), GRANTS_CACHE_SECONDS
    )


@login_required
def register_list(request, slug):
    municipality = _municipality(request, slug)
    filterset = RegisterFilter(
        request.GET or None,
        queryset=register.register_entries(municipality),
        municipality=municipality,
    )
    entries = register.with_change_right(filterset.qs, request.user)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("sida"))
    admin = permissions.may(request.user, USE_ADMIN, municipality)
    for entry in page:
        entry.link = _link(entry, municipality, admin)
    year = timezone.localdate().year
    freshness = rollups_ensure(municipality)
    context = {
        "municipality": municipality,
        "filter": filterset,
        "page": page,
        "counts": register.counts_by_level_and_kind(filterset.qs),
        "freshness": freshness,
        "grants": _grants(municipality, year, freshness),
        "year": year,
        "coordinator": may_coordinate(request.user, municipality),
        "may_add": admin and may_record(request.user, municipality),
        "add_url": reverse("admin:collaborations_collaboration_add") if admin else None,
    }
    return render(request, "insights/register.html", context)


@login_required
def register_gaps(request, slug):
    """The coordinators' gaps: focus areas and districts without a running operational
    collaboration, and organisations working with many administrations that share nothing."""
    municipality = _municipality(request, slug)
    if not may_coordinate(request.user, municipality):
        raise PermissionDenied
    year = timezone.localdate().year
    freshness = rollups_ensure(municipality)
    context = {
        "municipality": municipality,
        "uncovered": register.uncovered(municipality),
        "many": selectors.many_administrations(municipality),
        "threshold": selectors.MANY_ADMINISTRATIONS,
        "freshness": freshness,
        "grants": _grants(municipality, year, freshness),
        "year": year,
    }
    return render(request, "insights/register_gaps.html", context)


@login_required
def register_entry(request, slug, pk):
    """One entry, read-only (politicians, officers of other administrations)."""
    municipality = _municipality(request, slug)
    entry = get_object_or_404(
        register.register_entries(municipality)
        .select_related("agreement__governance_forum", "co_application__applicant")
        .prefetch_related(
            "districts",
            "target_groups",
            Prefetch(
                "agreement__parties",
                queryset=Party.objects.select_related(
                    "organisation", "administration"
                ).prefetch_related("contributions"),
            ),
            "agreement__indicators",
        ),
        pk=pk,
    )
    agreement = getattr(entry, "agreement", None)  # None when the entry has none
    co_application = getattr(entry, "co_application", None)
    actions = selectors.entry_actions(entry)
    change_url = None
    if permissions.may(request.user, USE_ADMIN, municipality) and may_change(request.user, entry):
        change_url = reverse("admin:collaborations_collaboration_change", args=[entry.pk])
    context = {
        "municipality": municipality,
        "entry": entry,
        "agreement": agreement,
        "co_application": co_application,
        "actions": actions,
        "today": timezone.localdate(),
        "change_url": change_url,
    }
    return render(request, "insights/register_entry.html", context)


@login_required
def focus_area(request, slug, focus):
    """A focus area for the politicians: the grant and network figures of the year, the
    collaborations by level and the action plan ("vem gör vad"), read-only."""
    municipality = _municipality(request, slug)
    area = get_object_or_404(FocusArea, municipality=municipality, slug=focus)
    year = timezone.localdate().year
    freshness = rollups_ensure(municipality)
    filters = dashboard_selectors.Filters(municipality=municipality, years=(year,), focus_area=area)
    entries = register.focus_area_entries(area)
    counts = register.counts_by_level(entries)
    grouped = register.by_level(register.first_per_level(entries, LEVEL_LIMIT))
    register_url = reverse("insights:register", args=[municipality.slug])
    levels = [
        Level(
            value,
            label,
            grouped.get(value, []),
            counts.get(value, 0),
            f"{register_url}?focus_area={area.pk}&level={value}",
        )
        for value, label in Collaboration.Level.choices
    ]
    for level in levels:
        for entry in level.entries:
            network = getattr(entry, "network", None)
            entry.link = (
                reverse("networks:detail", args=[network.pk])
                if entry.source == entry.Source.NETWORK and network is not None
                else reverse("insights:register_entry", args=[municipality.slug, entry.pk])
            )
    everything = request.GET.get("visa") == "alla"
    plan = selectors.focus_area_actions(area)
    page = Paginator(
        plan if everything else plan.filter(status__in=Action.OPEN_STATUSES), PLAN_PAGE_SIZE
    ).get_page(request.GET.get("sida"))
    context = {
        "municipality": municipality,
        "area": area,
        "year": year,
        "freshness": freshness,
        "summary": dashboard_selectors.summary(filters),
        "networks": dashboard_selectors.networks(filters),
        "levels": levels,
        "level_limit": LEVEL_LIMIT,
        "progress": selectors.plan_progress(plan),
        "plan_page": page,
        "actions": list(page),
        "everything": everything,
        "today": timezone.localdate(),
        # Volunteering and call-outs (insights.volunteering), for those who read its figures.
        "volunteering": volunteering_selectors.focus_area_figures(area, year)
        if may_view_figures(request.user, municipality)
        else None,
    }
    return render(request, "insights/focus_area.html", context)
