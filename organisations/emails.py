"""Emails of the registry, queued in the outbox (portal.notifications) within the
transaction of the change; links are absolute."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from organisations.models import Invitation, Organisation
from portal.notifications import absolute_url, notify, organisation_people


def _absolute(name: str, *args) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(reverse(name, args=args))


def invitation(invite: Invitation) -> None:
    notify(
        kind="organisations.invitation",
        key=f"invitation:{invite.pk}",
        template="organisations/email/invitation",
        context={"invitation": invite, "url": _absolute("organisations:invitation", invite.token)},
        recipients=[invite.email],
        municipality=invite.organisation.municipality,
    )


def status_changed(organisation: Organisation) -> None:
    notify(
        kind="organisations.status",
        key=f"organisation:{organisation.pk}:{organisation.status}:{organisation.updated_at.timestamp():.0f}",
        template="organisations/email/status",
        context={
            "organisation": organisation,
            "url": _absolute("organisations:detail", organisation.pk),
        },
        recipients=organisation_people(organisation, roles=["responsible"]),
        municipality=organisation.municipality,
    )
