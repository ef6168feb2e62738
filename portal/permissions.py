"""May this person do this here? The one place that answers it.

Every answer is about (person, municipality, role, and the committee where it applies),
never about the person alone: a person may be coordinator in Nacka and officer in Ekerö
(staff shared by a kommunalförbund), or officer of two committees of one municipality.
What each role may do is declared in :mod:`portal.roles`; this module reads the person's
role assignments once per request and answers from them. Views, the admin (querysets,
object pages, actions, exports) and services all ask here; services ask again even when
the view already did.

A *permission* is either a Django model permission (``"grants.change_application"``) or a
named ability from ``portal.roles.ABILITIES`` (``"grants.handle_cases"``), both declared by
the apps that own them. Permissions on
committee-bound things (grant cases and programmes) are limited to the committees of the
role assignment; an assignment without a committee covers every committee of its
municipality.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from portal.models import Municipality, RoleAssignment
from portal.roles import ADMIN_PERMISSIONS, COMMITTEE_SCOPED, roles_by_permission

CACHE_ATTRIBUTE = "_portal_role_assignments"


@dataclass(frozen=True)
class Held:
    """One role a person holds: where, and for which committee (None: all of them)."""

    municipality_id: int
    role: str
    committee_id: int | None


@dataclass(frozen=True)
class Scope:
    """Where a permission holds for a person: whole municipalities, and single committees."""

    everything: bool
    municipality_ids: frozenset[int]
    committee_ids: frozenset[int]

    @property
    def empty(self) -> bool:
        return not (self.everything or self.municipality_ids or self.committee_ids)

    def q(self, municipality_lookup: str, committee_lookup: str | None = None) -> Q:
        """A filter for rows inside this scope (``Q(pk__in=[])`` matches none)."""
        if self.everything:
            return Q()
        condition = Q(**{f"{municipality_lookup}__in": sorted(self.municipality_ids)})
        if committee_lookup and self.committee_ids:
            condition |= Q(**{f"{committee_lookup}__in": sorted(self.committee_ids)})
        return condition


def roles_granting(permission: str) -> frozenset[str]:
    """The roles that carry ``permission`` (a named ability or a model permission)."""
    return roles_by_permission().get(permission, frozenset())


def held_roles(user) -> tuple[Held, ...]:
    """The person's role assignments, read once and kept on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    cached = getattr(user, CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = tuple(
            Held(*row)
            for row in RoleAssignment.objects.filter(user_id=user.pk).values_list(
                "municipality_id", "role", "committee_id"
            )
        )
        setattr(user, CACHE_ATTRIBUTE, cached)
    return cached


def forget(user) -> None:
    """Drop the cached assignments (after a role is given or taken in the same request)."""
    if hasattr(user, CACHE_ATTRIBUTE):
        delattr(user, CACHE_ATTRIBUTE)
    if hasattr(user, "_role_perm_cache"):
        delattr(user, "_role_perm_cache")


def may(user, permission: str, municipality, committee=None) -> bool:
    """Whether ``user`` holds ``permission`` in ``municipality`` (an object or a pk), for
    ``committee`` where the permission is bound to committees.

    For a committee-bound permission without a committee given, any assignment in the
    municipality counts (e.g. "may this person see some cases here").
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    municipality_id = _pk(municipality)
    committee_id = _pk(committee)
    roles = roles_granting(permission)
    bound = permission in COMMITTEE_SCOPED
    for held in held_roles(user):
        if held.municipality_id != municipality_id or held.role not in roles:
            continue
        if not bound or committee_id is None or held.committee_id in (None, committee_id):
            return True
    return False


def may_for_administration(user, permission: str, municipality, administration) -> bool:
    """A committee-bound ``permission`` asked for an administration (förvaltning): held for
    every committee of ``municipality``, or for a committee the administration serves."""
    if not may(user, permission, municipality):
        return False
    if user.is_superuser:
        return True
    municipality_id = _pk(municipality)
    roles = roles_granting(permission)
    served = None
    for held in held_roles(user):
        if held.municipality_id != municipality_id or held.role not in roles:
            continue
        if held.committee_id is None:
            return True
        if served is None:
            served = set(administration.committees.values_list("pk", flat=True))
        if held.committee_id in served:
            return True
    return False


def may_anywhere(user, permission: str) -> bool:
    """Whether ``user`` holds ``permission`` in some municipality (menus, list pages)."""
    return not scope(user, permission).empty


def scope(user, permission: str) -> Scope:
    """Where ``user`` holds ``permission``: for querysets and choices."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope(False, frozenset(), frozenset())
    if user.is_superuser:
        return Scope(True, frozenset(), frozenset())
    roles = roles_granting(permission)
    bound = permission in COMMITTEE_SCOPED
    whole, committees = set(), set()
    for held in held_roles(user):
        if held.role not in roles:
            continue
        if bound and held.committee_id is not None:
            committees.add(held.committee_id)
        else:
            whole.add(held.municipality_id)
    return Scope(False, frozenset(whole), frozenset(committees))


def scope_any(user, permissions: Iterable[str]) -> Scope:
    """The union of the scopes of ``permissions`` (e.g. view or change)."""
    scopes = [scope(user, permission) for permission in permissions]
    return Scope(
        any(s.everything for s in scopes),
        frozenset().union(*(s.municipality_ids for s in scopes)),
        frozenset().union(*(s.committee_ids for s in scopes)),
    )


def municipalities_where(user, permission: str):
    """The municipalities where ``user`` holds ``permission`` for at least one committee."""
    found = scope(user, permission)
    if found.everything:
        return Municipality.objects.all()
    return Municipality.objects.filter(
        Q(pk__in=found.municipality_ids) | Q(committees__pk__in=found.committee_ids)
    ).distinct()


def model_permissions() -> set[str]:
    """Every model permission some role carries, as Django spells it."""
    return {
        f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
        for actions_by_model in ADMIN_PERMISSIONS.values()
        for label, actions in actions_by_model.items()
        for action in actions
    }


def _pk(value):
    return getattr(value, "pk", value)
