"""Who a segment reaches, in a fixed number of queries however many they are (each kind of
recipient is a subquery of one statement, not a loop).

An organisation is reached through the people who act for it (responsible and grant
manager: they answer surveys and read mailings for it); its contact address stands in when
nobody has an account. Individual network members are reached as themselves, outside
partners at their address. Each address once (whatever its capitals); an address that
belongs to an account becomes that account, so the message is in the person's language.
Addresses that opted out of the municipality's mailings (``MailingOptOut``) are left out.
"""

from dataclasses import dataclass

from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.utils import timezone

from networks.models import NetworkMember
from organisations.models import EligibilityPeriod, Membership, Organisation
from outreach.models import MailingOptOut, Segment
from portal.models import User

ACTING = (Membership.Role.RESPONSIBLE, Membership.Role.GRANT_MANAGER)
# What the outbox reads of a recipient (the message is in their language, to their address).
USER_FIELDS = ("pk", "email", "full_name", "preferred_language")


@dataclass(frozen=True)
class Dimensions:
    focus_areas: tuple[int, ...]
    districts: tuple[int, ...]
    target_groups: tuple[int, ...]
    networks: tuple[int, ...]


def dimensions(segment: Segment) -> Dimensions:
    """The segment's choices as ids (a query per relation; nothing for an unsaved one)."""
    if not segment.pk:
        return Dimensions((), (), (), ())
    return Dimensions(
        tuple(segment.focus_areas.values_list("pk", flat=True)),
        tuple(segment.districts.values_list("pk", flat=True)),
        tuple(segment.target_groups.values_list("pk", flat=True)),
        tuple(
            segment.networks.filter(municipality_id=segment.municipality_id).values_list(
                "pk", flat=True
            )
        ),
    )


def organisations(segment: Segment, wanted: Dimensions | None = None) -> QuerySet[Organisation]:
    """The organisations in the segment (registry matches and network members)."""
    wanted = wanted or dimensions(segment)
    matching = Q(pk__in=[])
    if segment.to_organisations:
        matching = Q(status=Organisation.Status.APPROVED)
        if segment.kinds:
            matching &= Q(kind=segment.kinds)
        if wanted.focus_areas:
            matching &= Exists(
                Organisation.focus_areas.through.objects.filter(
                    organisation_id=OuterRef("pk"), focusarea_id__in=wanted.focus_areas
                )
            )
        if wanted.target_groups:
            matching &= Exists(
                Organisation.target_groups.through.objects.filter(
                    organisation_id=OuterRef("pk"), targetgroup_id__in=wanted.target_groups
                )
            )
        if wanted.districts:
            matching &= Q(district_id__in=wanted.districts)
        if segment.only_eligible:
            today = timezone.localdate()
            matching &= Exists(
                EligibilityPeriod.objects.filter(
                    organisation_id=OuterRef("pk"), revoked_at__isnull=True,
                    valid_from__lte=today, valid_until__gte=today,
                )
            )  # fmt: skip
    in_network = Q(
        pk__in=_active_members(wanted.networks, NetworkMember.Kind.ORGANISATION).values(
            "organisation_id"
        )
    )
    return Organisation.objects.filter(matching | in_network).filter(
        municipality_id=segment.municipality_id
    )


def recipients(segment: Segment, wanted: Dimensions | None = None) -> list:
    """The segment's recipients: Users (by email) and then bare addresses, each once, none
    that opted out."""
    wanted = wanted or dimensions(segment)
    reached = organisations(segment, wanted)
    users = {
        user.email.lower(): user
        for user in User.objects.only(*USER_FIELDS).filter(is_active=True).filter(
            Q(pk__in=Membership.objects.filter(
                role__in=ACTING, organisation__in=reached.values("pk")
            ).values("user_id"))
            | Q(pk__in=_active_members(wanted.networks, NetworkMember.Kind.INDIVIDUAL).values(
                "user_id"
            ))
        )
    }  # fmt: skip
    loose = {a.lower(): a for a in _contact_addresses(reached) + _partner_addresses(wanted)}
    for key in users:
        loose.pop(key, None)
    for user in _accounts_of(loose):
        users[user.email.lower()] = user
        loose.pop(user.email.lower(), None)
    opted_out = opted_out_addresses(segment.municipality_id, [*users, *loose])
    found = [users[key] for key in sorted(users) if key not in opted_out]
    return found + [loose[key] for key in sorted(loose) if key not in opted_out]


def recipient_count(segment: Segment) -> int:
    """How many the segment reaches now (the preview before sending)."""
    return len(recipients(segment))


def opted_out_addresses(municipality_id: int, addresses) -> set[str]:
    """The (lower-cased) addresses among ``addresses`` that opted out of the municipality's
    mailings, in one query however many they are (the list goes as one array)."""
    addresses = sorted({a.lower() for a in addresses})
    if not addresses:
        return set()
    return set(
        MailingOptOut.objects.annotate(address=Lower("email"))
        .filter(municipality_id=municipality_id)
        .filter(RawSQL("LOWER(email) = ANY(%s)", [addresses], output_field=BooleanField()))
        .values_list("address", flat=True)
    )


@dataclass(frozen=True)
class Reach:
    """Whom a segment reaches now, for the coordinator's page: how many, and the first
    organisations and recipients by name."""

    count: int
    organisation_count: int
    organisations: list[str]
    recipients: list[str]


def reach(segment: Segment, limit: int = 20) -> Reach:
    """The segment's recipients counted, and the first ``limit`` organisations and
    recipients named (a person by name, an address without account as itself)."""
    wanted = dimensions(segment)
    found = recipients(segment, wanted)
    reached = organisations(segment, wanted)
    names = list(reached.order_by("name").values_list("name", flat=True)[:limit])
    people = [
        (getattr(r, "full_name", "") or r.email) if hasattr(r, "email") else r
        for r in found[:limit]
    ]
    return Reach(len(found), reached.count(), names, people)


def _active_members(network_ids, kind):
    return NetworkMember.objects.filter(
        network_id__in=network_ids, status=NetworkMember.Status.ACTIVE, kind=kind
    )


def _contact_addresses(reached) -> list[str]:
    """The contact address of each organisation nobody acting for it has an account."""
    acting = Membership.objects.filter(
        organisation_id=OuterRef("pk"), role__in=ACTING, user__is_active=True
    )
    return list(
        reached.exclude(Exists(acting))
        .exclude(contact_email="")
        .values_list("contact_email", flat=True)
    )


def _partner_addresses(wanted: Dimensions) -> list[str]:
    if not wanted.networks:
        return []
    return list(
        _active_members(wanted.networks, NetworkMember.Kind.PARTNER)
        .exclude(contact_email="")
        .values_list("contact_email", flat=True)
    )


def _accounts_of(addresses: dict) -> list:
    if not addresses:
        return []
    return list(
        User.objects.only(*USER_FIELDS)
        .filter(is_active=True)
        .filter(RawSQL("LOWER(email) = ANY(%s)", [list(addresses)], output_field=BooleanField()))
    )
