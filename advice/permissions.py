"""Who may do what with advice times. Views, the admin and the services all ask here."""

from advice.roles import OFFER_ADVICE
from organisations.models import Organisation
from organisations.permissions import APPLY, EDIT, may_for_organisation, organisations_where
from portal import permissions
from portal.models import Role
from portal.selectors import staff_with_roles


def may_offer(user, municipality) -> bool:
    """Publish advice times in ``municipality`` and handle their bookings."""
    return permissions.may(user, OFFER_ADVICE, municipality)


def officers(municipality):
    """Who may hold advice times of the municipality."""
    roles = (Role.OFFICER, Role.COORDINATOR, Role.MUNICIPAL_ADMIN)
    return staff_with_roles(municipality, roles)


def may_book_for(user, organisation) -> bool:
    """Book advice for an organisation: its people who apply for it or keep its details."""
    return may_for_organisation(user, organisation, APPLY) or may_for_organisation(
        user, organisation, EDIT
    )


def bookable_organisations(user, municipality):
    """The organisations of ``municipality`` the user may book advice for."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    pks = set(organisations_where(user, APPLY).values_list("pk", flat=True))
    pks |= set(organisations_where(user, EDIT).values_list("pk", flat=True))
    return Organisation.objects.filter(pk__in=pks, municipality=municipality).order_by("name")
