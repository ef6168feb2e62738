"""What the public pages read: published pages, goals, contacts, stories and news of a
municipality, each list in a fixed number of queries however many rows it shows."""

from django.db.models import Prefetch, Q

from information.models import Contact, FocusAreaGoal, NewsItem, Page, Story
from organisations.models import Organisation
from portal.models import District, FocusArea

_AREAS = Prefetch("focus_areas", queryset=FocusArea.objects.only("pk", "name", "slug", "ordering"))
_DISTRICTS = Prefetch("districts", queryset=District.objects.only("pk", "name", "slug"))
_ORGANISATIONS = Prefetch(
    "organisations",
    queryset=Organisation.objects.only("pk", "name", "website").order_by("name"),
)


def published_pages(municipality):
    return Page.objects.filter(municipality=municipality, status=Page.Status.PUBLISHED).order_by(
        "ordering", "title_sv"
    )


def goals(municipality):
    """What the municipality wants per focus area, in the focus areas' order."""
    return (
        FocusAreaGoal.objects.filter(municipality=municipality)
        .select_related("focus_area")
        .order_by("focus_area__ordering", "focus_area__name")
    )


def contacts(municipality):
    """The published directory entries with their administration, committee and areas."""
    return (
        Contact.objects.filter(municipality=municipality, is_published=True)
        .select_related("administration", "committee")
        .prefetch_related(_AREAS)
        .order_by("ordering", "name")
    )


def directory(municipality) -> dict:
    """The contact directory grouped: by focus area, by administration (officers, by
    responsibility), and the politicians by committee. Three queries."""
    entries = list(contacts(municipality))
    order = {value: i for i, value in enumerate(Contact.Responsibility.values)}
    officers = sorted(
        (c for c in entries if c.kind == Contact.Kind.OFFICER),
        key=lambda c: (order.get(c.responsibility, 9), c.ordering, c.name),
    )
    by_area: dict = {}
    by_administration: dict = {}
    for contact in officers:
        for area in contact.focus_areas.all():
            by_area.setdefault(area, []).append(contact)
        if contact.administration is not None:
            by_administration.setdefault(contact.administration, []).append(contact)
    by_committee: dict = {}
    for contact in entries:
        if contact.kind == Contact.Kind.POLITICIAN and contact.committee is not None:
            by_committee.setdefault(contact.committee, []).append(contact)
    name = lambda pair: (getattr(pair[0], "ordering", 0), pair[0].name)  # noqa: E731
    return {
        "by_area": sorted(by_area.items(), key=name),
        "by_administration": sorted(by_administration.items(), key=name),
        "by_committee": sorted(by_committee.items(), key=name),
        "count": len(entries),
    }


def published_stories(municipality, focus_area=None, district=None):
    found = Story.objects.filter(municipality=municipality, status=Story.Status.PUBLISHED)
    if focus_area is not None:
        found = found.filter(focus_areas=focus_area)
    if district is not None:
        found = found.filter(districts=district)
    return found.prefetch_related(_AREAS, _DISTRICTS, _ORGANISATIONS).order_by(
        "-published_at", "-pk"
    )


def published_news(municipality, focus_area=None):
    found = NewsItem.objects.filter(municipality=municipality, status=NewsItem.Status.PUBLISHED)
    if focus_area is not None:
        found = found.filter(focus_areas=focus_area)
    return found.prefetch_related(_AREAS).order_by("-published_at", "-pk")


def story_for_public(municipality, pk):
    return (
        Story.objects.filter(Q(status=Story.Status.PUBLISHED), municipality=municipality, pk=pk)
        .prefetch_related(_AREAS, _DISTRICTS, _ORGANISATIONS)
        .first()
    )


def news_for_public(municipality, pk):
    return (
        NewsItem.objects.filter(municipality=municipality, pk=pk, status=NewsItem.Status.PUBLISHED)
        .prefetch_related(_AREAS)
        .first()
    )
