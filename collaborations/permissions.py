"""Who may do what in the collaboration register: questions about (person, municipality,
role, and administration or organisation). Views, the admin and the services all ask here.
"""

from __future__ import annotations

from django.db.models import Q

from collaborations.roles import COORDINATE, RECORD, VIEW_REGISTER
from organisations import permissions as organisation_permissions
from portal import permissions
from portal.models import Role


def may_view_register(user, municipality) -> bool:
    """The municipality's staff and politicians read its whole register."""
    return permissions.may(user, VIEW_REGISTER, municipality)


def may_coordinate(user, municipality) -> bool:
    """The coordinating responsibility: every administration's collaborations, the gaps, the
    associations' proposals."""
    return permissions.may(user, COORDINATE, municipality)


def may_record(user, municipality, administration=None) -> bool:
    """Whether ``user`` may record and change collaborations of ``administration`` (none
    given: of some administration) in ``municipality``. Coordinators may for every
    administration; an officer for an administration that serves their committee, or for
    all if their role covers every committee."""
    if not permissions.may(user, RECORD, municipality):
        return False
    if administration is None or may_coordinate(user, municipality) or user.is_superuser:
        return True
    return permissions.may_for_administration(user, RECORD, municipality, administration)


def may_change(user, collaboration) -> bool:
    """Change an entry: its administration's recorders and the coordinators. An entry
    without an administration is the coordinators' (and its responsible person's)."""
    municipality = collaboration.municipality_id
    if collaboration.administration_id is None:
        return may_coordinate(user, municipality) or (
            collaboration.responsible_id == getattr(user, "pk", None)
            and permissions.may(user, RECORD, municipality)
        )
    return may_record(user, municipality, collaboration.administration)


def recordable_q(user, prefix: str = "") -> Q:
    """Rows of collaborations ``user`` may change (for admin querysets and choices)."""
    found = permissions.scope(user, COORDINATE)
    if found.everything:
        return Q()
    record = permissions.scope(user, RECORD)
    condition = Q(**{f"{prefix}municipality_id__in": sorted(found.municipality_ids)})
    condition |= Q(**{f"{prefix}municipality_id__in": sorted(record.municipality_ids)})
    if record.committee_ids:
        condition |= Q(**{f"{prefix}administration__committees__in": sorted(record.committee_ids)})
    return condition


def may_act_for(user, organisation) -> bool:
    """An organisation's own people who act for it towards the municipality's networks and
    collaborations (see their entries and agreements, propose a collaboration)."""
    return organisation_permissions.may_for_organisation(
        user, organisation, organisation_permissions.NETWORKS
    )


COORDINATING_ROLES = frozenset({Role.COORDINATOR, Role.MUNICIPAL_ADMIN})
