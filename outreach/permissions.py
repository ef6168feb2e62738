"""Who may do what with segments and mailings: the admin and the services ask here."""

from outreach.roles import SEND_MAILINGS
from portal import permissions


def may_send_mailings(user, municipality) -> bool:
    """Write segments and mailings of ``municipality`` and send them (its coordinators and
    municipal administrators)."""
    return permissions.may(user, SEND_MAILINGS, getattr(municipality, "pk", municipality))


def may_see_outbox(user, municipality) -> bool:
    """Read the outbox's rows of ``municipality`` (the mailing's page links there then)."""
    return permissions.may(
        user, "portal.view_notification", getattr(municipality, "pk", municipality)
    )
