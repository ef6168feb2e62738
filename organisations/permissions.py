"""What each person may do for an organisation, by their role in it (organisations.rights).

The organisation's side of "may this person do this here": the municipality's staff are
answered by portal.permissions, the organisation's own people here. Views ask before they
show a form or act, and services ask again.
"""

from __future__ import annotations

from django.db.models import QuerySet

from organisations.models import Membership, Organisation
from organisations.rights import (  # noqa: F401 - the names callers use
    APPLY,
    EDIT,
    NETWORKS,
    PAYOUT,
    PEOPLE,
    RIGHTS,
    VIEW,
    role_may,
    roles_with,
)


def membership_role(user, organisation) -> str | None:
    """The user's role in ``organisation`` (an object or a pk), or None (also when a
    representative's authorisation has ended)."""
    if not getattr(user, "is_authenticated", False):
        return None
    organisation_id = getattr(organisation, "pk", organisation)
    return (
        Membership.objects.filter(
            Membership.current_q(), user_id=user.pk, organisation_id=organisation_id
        )
        .values_list("role", flat=True)
        .first()
    )


def may_for_organisation(user, organisation, right: str) -> bool:
    """Whether ``user`` holds ``right`` in ``organisation`` through their membership."""
    return role_may(membership_role(user, organisation), right)


def organisations_where(user, right: str) -> QuerySet[Organisation]:
    """The organisations in which ``user`` holds ``right``."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        Membership.current_q("memberships__"),
        memberships__user=user,
        memberships__role__in=roles_with(right),
    )
