"""Reads of following: what may be followed in a municipality, what a person follows there,
their alert setting, and who follows what an announcement is about (one statement)."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from networks.models import Network
from organisations.models import Organisation
from outreach.models import AlertSetting, Follow
from outreach.models.follows import TARGETS
from portal.announcements import Announcement
from portal.models import District, FocusArea, Municipality

# The page's names of what may be followed (a form field each) and the Follow column.
FIELDS = {
    "focus_areas": "focus_area",
    "districts": "district",
    "networks": "network",
    "organisations": "organisation",
}


def focus_areas(municipality) -> QuerySet[FocusArea]:
    return FocusArea.objects.filter(municipality=municipality).order_by("ordering", "name")


def districts(municipality) -> QuerySet[District]:
    return District.objects.filter(municipality=municipality).order_by("ordering", "name")


def networks(municipality) -> QuerySet[Network]:
    """The public networks (invite-only ones are not shown to the public, nor followed)."""
    return Network.objects.filter(
        municipality=municipality, visibility=Network.Visibility.PUBLIC
    ).order_by("name")


def organisations(municipality) -> QuerySet[Organisation]:
    """The organisations listed in the public directory."""
    return Organisation.objects.filter(
        municipality=municipality,
        listed_in_directory=True,
        status=Organisation.Status.APPROVED,
    ).order_by("name")


SEARCH_LIMIT = 50  # organisations a search offers at most


def organisations_offered(municipality, *, followed, ticked=(), search="") -> QuerySet:
    """The listed organisations the follows page shows as boxes: those followed, those
    ticked in the form sent, and up to ``SEARCH_LIMIT`` whose name holds ``search``."""
    listed = organisations(municipality)
    wanted = Q(pk__in=set(followed) | {int(pk) for pk in ticked if str(pk).isdigit()})
    if search.strip():
        found = listed.filter(name__icontains=search.strip()).values("pk")[:SEARCH_LIMIT]
        wanted |= Q(pk__in=found)
    return listed.filter(wanted)


CHOICES = {
    "focus_areas": focus_areas,
    "districts": districts,
    "networks": networks,
    "organisations": organisations,
}


def followable(target: str, municipality) -> QuerySet:
    """What may be followed of ``target`` ("focus_area", "district", ...)."""
    name = {column: page_name for page_name, column in FIELDS.items()}[target]
    return CHOICES[name](municipality)


def target_name(obj) -> str | None:
    """The Follow column that ``obj`` goes in ("focus_area" for a FocusArea), or None."""
    names = {FocusArea: "focus_area", District: "district", Network: "network",
             Organisation: "organisation"}  # fmt: skip
    return names.get(type(obj))


def followed_ids(user, municipality) -> dict[str, set[int]]:
    """{page name: ids followed} of ``user`` in ``municipality`` (one query)."""
    found = {name: set() for name in FIELDS}
    if not getattr(user, "is_authenticated", False):
        return found
    columns = [f"{column}_id" for column in TARGETS]
    for row in Follow.objects.filter(user=user, municipality=municipality).values_list(*columns):
        for name, value in zip(FIELDS, row, strict=True):
            if value:
                found[name].add(value)
    return found


def is_following(user, obj) -> bool:
    name = target_name(obj)
    if name is None or not getattr(user, "is_authenticated", False):
        return False
    return Follow.objects.filter(user=user, **{name: obj}).exists()


def setting_of(user, municipality) -> AlertSetting:
    """The person's alert setting in ``municipality`` (an unsaved default when none yet)."""
    found = AlertSetting.objects.filter(user=user, municipality=municipality).first()
    return found or AlertSetting(user=user, municipality=municipality)


@dataclass
class Followed:
    """What a person follows in one municipality (My page, the index page)."""

    municipality: Municipality
    setting: AlertSetting | None
    names: list[str] = field(default_factory=list)


def followed_everywhere(user) -> list[Followed]:
    """Per municipality where the person follows something or has a setting, what they
    follow (names) and how often they hear of it, in a fixed number of queries."""
    follows = (
        Follow.objects.filter(user=user)
        .select_related("municipality", *TARGETS)
        .order_by("municipality__name", "pk")
    )
    settings = {
        s.municipality_id: s
        for s in AlertSetting.objects.filter(user=user).select_related("municipality")
    }
    found: dict[int, Followed] = {}
    for follow in follows:
        place = found.setdefault(
            follow.municipality_id,
            Followed(follow.municipality, settings.get(follow.municipality_id)),
        )
        place.names.append(str(follow.target))
    for municipality_id, setting in settings.items():
        found.setdefault(municipality_id, Followed(setting.municipality, setting))
    return sorted(found.values(), key=lambda f: f.municipality.name)


def followers(announcement: Announcement) -> list[tuple[int, str]]:
    """(user id, frequency) of everyone who should hear of ``announcement``, in one query.

    A person hears of it when, in the announcement's municipality, their alerts are not
    paused, they want its kind, their account is active and they follow at least one thing
    it is about: one of its focus areas, districts, networks or organisations (a match in
    any one dimension is enough). An announcement about nothing in particular (no focus
    area, district, network or organisation: something for the whole municipality)
    reaches everyone who follows anything there."""
    about = Q()
    for column, ids in [
        ("focus_area_id", announcement.focus_area_ids),
        ("district_id", announcement.district_ids),
        ("network_id", announcement.network_ids),
        ("organisation_id", announcement.organisation_ids),
    ]:
        if ids:
            about |= Q(**{f"{column}__in": list(ids)})
    matching = Follow.objects.filter(
        user_id=OuterRef("user_id"), municipality_id=announcement.municipality_id
    ).filter(about)
    return list(
        AlertSetting.objects.filter(
            municipality_id=announcement.municipality_id,
            kinds__contains=[announcement.kind],
            user__is_active=True,
        )
        .exclude(frequency=AlertSetting.Frequency.PAUSED)
        .filter(Exists(matching))
        .order_by("user_id")
        .values_list("user_id", "frequency")
    )
