"""Who may do what with the municipality's information: views, the admin and the services
all ask here."""

from __future__ import annotations

from information.roles import EDIT_PAGES, PUBLISH
from organisations import permissions as organisation_permissions
from organisations.models import Organisation
from portal import permissions


def may_edit_pages(user, municipality) -> bool:
    """Pages, focus-area goals and the contact directory: the municipal administrator."""
    return permissions.may(user, EDIT_PAGES, municipality)


def may_publish(user, municipality) -> bool:
    """News and stories of good practice, and deciding on proposed stories."""
    return permissions.may(user, PUBLISH, municipality)


def may_propose_story(user, organisation) -> bool:
    """An approved organisation's people who edit it propose a story for it."""
    return (
        organisation.status == Organisation.Status.APPROVED
        and organisation_permissions.may_for_organisation(
            user, organisation, organisation_permissions.EDIT
        )
    )


def proposing_organisations(user, municipality):
    """The organisations of ``municipality`` for which ``user`` may propose a story."""
    return organisation_permissions.organisations_where(user, organisation_permissions.EDIT).filter(
        municipality=municipality, status=Organisation.Status.APPROVED
    )
