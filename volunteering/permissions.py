"""Who may do what in mobilisation and volunteering: questions about (person,
municipality, role, and administration or organisation). Views, the admin and the services
all ask here."""

from __future__ import annotations

from django.db.models import Q

from organisations import permissions as organisation_permissions
from portal import permissions
from volunteering.roles import HOST, MOBILISE, VIEW_FIGURES


def may_coordinate(user, municipality) -> bool:
    """Call-outs, pledges, the volunteers, recognition: the coordinating responsibility."""
    return permissions.may(user, MOBILISE, municipality)


def may_view_figures(user, municipality) -> bool:
    """The municipality's staff and politicians read the figures."""
    return permissions.may(user, VIEW_FIGURES, municipality)


def may_host(user, municipality, administration=None) -> bool:
    """Run volunteer posts of ``administration`` (none given: of some administration):
    coordinators for every administration, officers for those serving their committee."""
    if not permissions.may(user, HOST, municipality):
        return False
    if administration is None or may_coordinate(user, municipality) or user.is_superuser:
        return True
    return permissions.may_for_administration(user, HOST, municipality, administration)


def may_act_for(user, organisation) -> bool:
    """An organisation's own people who act for it towards the municipality (pledge, keep
    its readiness and opportunities current)."""
    return organisation_permissions.may_for_organisation(
        user, organisation, organisation_permissions.NETWORKS
    )


def may_run_post(user, post) -> bool:
    """Change a post, its shifts, its sign-ups and attendance: its administration's hosts,
    or the organisation's own people for its opportunity."""
    if post.organisation_id is not None:
        return may_act_for(user, post.organisation) or may_coordinate(user, post.municipality_id)
    return may_host(user, post.municipality_id, post.administration)


def hosted_q(user, prefix: str = "") -> Q:
    """Rows of posts ``user`` may run in the admin (municipal posts by administration)."""
    found = permissions.scope(user, MOBILISE)
    if found.everything:
        return Q()
    host = permissions.scope(user, HOST)
    condition = Q(**{f"{prefix}municipality_id__in": sorted(found.municipality_ids)})
    condition |= Q(**{f"{prefix}municipality_id__in": sorted(host.municipality_ids)})
    if host.committee_ids:
        condition |= Q(**{f"{prefix}administration__committees__in": sorted(host.committee_ids)})
    return condition
