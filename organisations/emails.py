"""Emails of the registry, queued in the outbox (portal.notifications) within the
transaction of the change; links are absolute."""

from organisations.models import Invitation, Organisation
from organisations.selectors import organisation_people
from portal.links import absolute_reverse
from portal.notifications import notify


def _absolute(name: str, *args) -> str:
    return absolute_reverse(name, args=args)


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
