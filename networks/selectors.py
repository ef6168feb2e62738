"""Reads of the networks app: who may see and manage what, meetings, places and actions."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from collaborations.permissions import may_change, may_coordinate, may_record
from collaborations.roles import COORDINATE, RECORD
from networks import signups, workflow
from networks.models import Action, Invitation, Meeting, Network, NetworkMember
from organisations.permissions import NETWORKS, may_for_organisation, organisations_where
from portal import permissions
from portal.roles import ADMIN_ROLES
from portal.selectors import municipalities_for_roles, user_has_role

A = NetworkMember.Status.ACTIVE


def can_manage(user, network: Network) -> bool:
    """Coordinators, officers and municipal admins of the network's municipality."""
    return user_has_role(user, network.municipality, ADMIN_ROLES)


def _member_q(user, prefix="") -> Q:
    """Members rows that stand for ``user``: as a person, or through an organisation."""
    return Q(**{f"{prefix}user": user}) | Q(**{f"{prefix}organisation__memberships__user": user})


def member_records(user, network=None) -> QuerySet[NetworkMember]:
    """The user's active memberships (their own, and their organisations')."""
    if not user.is_authenticated:
        return NetworkMember.objects.none()
    records = NetworkMember.objects.filter(_member_q(user), status=A)
    if network is not None:
        records = records.filter(network=network)
    return records.select_related("organisation", "user", "network").distinct()


def is_member(user, network: Network) -> bool:
    return member_records(user, network).exists()


def networks_visible_to(user) -> QuerySet[Network]:
    """Public networks, networks the user belongs to, and all networks of the municipalities
    the user manages."""
    visible = Q(visibility=Network.Visibility.PUBLIC)
    if user.is_authenticated:
        mine = NetworkMember.objects.filter(_member_q(user), network=OuterRef("pk"), status=A)
        visible |= Q(Exists(mine))
        visible |= Q(municipality__in=municipalities_for_roles(user, ADMIN_ROLES))
    return (
        Network.objects.filter(visible)
        .select_related("municipality")
        .prefetch_related("focus_areas")
        .order_by("municipality__name", "name")
    )


def network_for_viewer(user, pk) -> Network:
    """The network if the user may see it; 404 otherwise (invite-only stays hidden)."""
    network = networks_visible_to(user).filter(pk=pk).first()
    if network is None:
        raise Http404
    return network


def may_see_inside(user, network: Network) -> bool:
    """Members and managers see meetings, minutes, documents and actions."""
    return is_member(user, network) or can_manage(user, network)


def meeting_for_viewer(user, pk) -> Meeting:
    """A meeting whose details the user may see: members and managers always, others only
    for public meetings of public networks."""
    meeting = Meeting.objects.select_related("network__municipality", "place").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    if may_see_inside(user, meeting.network):
        return meeting
    if meeting.network.is_public and meeting.is_public:
        return meeting
    raise Http404


def upcoming_meetings(network: Network, *, public_only: bool) -> QuerySet[Meeting]:
    meetings = network.meetings.filter(
        ends_at__gte=timezone.now(), status=Meeting.Status.PLANNED
    ).select_related("place")
    if public_only:
        meetings = meetings.filter(is_public=True)
    return meetings.order_by("starts_at")


def listed_members(network: Network) -> QuerySet[NetworkMember]:
    """Member organisations that agreed to be listed on the public page."""
    return network.members.filter(
        status=A, listed_publicly=True, kind=NetworkMember.Kind.ORGANISATION
    ).select_related("organisation")


def places_taken(meeting: Meeting, exclude=None) -> int:
    """Places reserved by members who answered yes and by open sign-ups that are booked
    (one count for both, ``networks.signups.places_taken``)."""
    return signups.places_taken(meeting, exclude=exclude)


def invitations_for_user(user, meeting: Meeting) -> QuerySet[Invitation]:
    """The invitations the user may answer: their own and their organisations'."""
    if not user.is_authenticated:
        return Invitation.objects.none()
    return meeting.invitations.filter(
        member__in=member_records(user, meeting.network)
    ).select_related("member__organisation", "member__user")


# --- actions ---------------------------------------------------------------------------------

ACTION_RELATED = (
    "municipality",
    "network",
    "collaboration",
    "focus_area",
    "meeting",
    "agreement__collaboration",
    "owner_member__organisation",
    "owner_member__user",
    "owner_officer",
    "owner_unit",
    "owner_organisation",
)


def _owned_units_q(user) -> Q:
    """Actions owned by an administration ``user`` answers for: every administration of a
    municipality they coordinate (or where their officer role covers all committees), and
    those serving the committees of their other officer roles (as ``may_record`` says)."""
    coordinated = permissions.scope(user, COORDINATE)
    if coordinated.everything:
        return Q(owner_unit__isnull=False)
    record = permissions.scope(user, RECORD)
    municipalities = sorted(coordinated.municipality_ids | record.municipality_ids)
    condition = Q(owner_unit__municipality_id__in=municipalities)
    if record.committee_ids:
        condition |= Q(owner_unit__committees__in=sorted(record.committee_ids))
    return condition


def _owned_q(user) -> Q:
    return (
        Q(owner_officer=user)
        | Q(owner_member__in=member_records(user).values("pk"))
        | _owned_units_q(user)
        | Q(owner_organisation__in=organisations_where(user, NETWORKS).values("pk"))
    )


def open_actions_for_user(user) -> QuerySet[Action]:
    """Open actions the user owns: as an officer, as a person or through an organisation
    (a network member, or an organisation owning the action), or through an administration
    they answer for."""
    if not user.is_authenticated:
        return Action.objects.none()
    # each way of owning on its own index, their ids united (one OR of them all read every
    # action of every municipality)
    open_actions = Action.objects.filter(status__in=Action.OPEN_STATUSES).order_by()
    ways = [
        Q(owner_officer=user),
        Q(owner_member__in=member_records(user).values("pk")),
        _owned_units_q(user),
        Q(owner_organisation__in=organisations_where(user, NETWORKS).values("pk")),
    ]
    first, *rest = [open_actions.filter(way).values_list("pk", flat=True) for way in ways]
    # .order_by() on the union: Django 6 gives a union the first part's model ordering,
    # which names no column of the result
    return (
        Action.objects.filter(pk__in=list(first.union(*rest).order_by()))
        .select_related(*ACTION_RELATED)
        .order_by("due_on", "pk")
    )


def overdue_actions(network: Network | None = None, *, municipality=None) -> QuerySet[Action]:
    """Open actions past their due date: of a network, of a municipality (every action plan,
    not only the networks'), or all."""
    actions = Action.objects.filter(
        status__in=Action.OPEN_STATUSES, due_on__lt=timezone.localdate()
    )
    if network is not None:
        actions = actions.filter(network=network)
    if municipality is not None:
        actions = actions.filter(municipality=municipality)
    return actions.select_related(*ACTION_RELATED)


def is_action_owner(user, action: Action) -> bool:
    """Whether ``user`` owns ``action``: its officer; the person or an organisation the
    owning member stands for; someone who records for the owning administration (an officer
    of a committee it serves, or a coordinator); someone who acts for the owning
    organisation in networks."""
    if not getattr(user, "is_authenticated", False):
        return False
    if action.owner_officer_id:
        return action.owner_officer_id == user.pk
    if action.owner_member_id:
        return member_records(user).filter(pk=action.owner_member_id).exists()
    if action.owner_unit_id:
        unit = action.owner_unit
        return may_record(user, unit.municipality_id, unit)
    if action.owner_organisation_id:
        return may_for_organisation(user, action.owner_organisation_id, NETWORKS)
    return False


def manages_action(user, action: Action) -> bool:
    """Whether ``user`` manages ``action``: for a network's action the network's managers;
    otherwise the municipality's coordinators and whoever may change the anchored
    collaboration."""
    if action.network_id:
        return can_manage(user, action.network)
    if may_coordinate(user, action.municipality_id):
        return True
    return bool(action.collaboration_id) and may_change(user, action.collaboration)


def action_actor_kinds(user, action: Action) -> frozenset:
    """What ``user`` is to ``action`` in ``workflow.ACTION_TRANSITIONS``: its owner, its
    manager, both or neither."""
    kinds = set()
    if is_action_owner(user, action):
        kinds.add(workflow.OWNER)
    if manages_action(user, action):
        kinds.add(workflow.MANAGER)
    return frozenset(kinds)


def may_update_action(user, action: Action) -> bool:
    return bool(action_actor_kinds(user, action))


def may_plan_actions(user, *, municipality, network=None, collaboration=None) -> bool:
    """Whether ``user`` may add an action to a plan: a network's managers for its actions;
    otherwise the coordinators, and for a collaboration's actions whoever may change it."""
    if network is not None:
        return can_manage(user, network)
    if may_coordinate(user, municipality):
        return True
    return collaboration is not None and may_change(user, collaboration)
