"""Who sends a person's emails (``portal.email_identity``): a member of an organisation
belongs to the municipality where it is registered. Registered from
``OrganisationsConfig.ready()``."""

from django.db.models import Q

from portal import email_identity


@email_identity.belongs_to
def through_organisations(user) -> Q:
    return Q(organisations__memberships__user=user)
