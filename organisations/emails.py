"""Emails of the registry, sent after the transaction commits (ids in, rows loaded here)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from organisations.models import Invitation, Organisation


def _send(template: str, context: dict, recipients: list[str]) -> None:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` in Swedish and send them."""
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            subject=render_to_string(f"{template}_subject.txt", context).strip(),
            message=render_to_string(f"{template}.txt", context),
            from_email=None,
            recipient_list=recipients,
        )


def _absolute(name: str, *args) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return settings.PORTAL_BASE_URL.rstrip("/") + reverse(name, args=args)


def invitation(invitation_id: int) -> None:
    invite = Invitation.objects.select_related("organisation", "invited_by").get(pk=invitation_id)
    url = _absolute("organisations:invitation", invite.token)
    _send("organisations/email/invitation", {"invitation": invite, "url": url}, [invite.email])


def status_changed(organisation_id: int) -> None:
    organisation = Organisation.objects.get(pk=organisation_id)
    recipients = list(
        organisation.memberships.filter(role="responsible").values_list("user__email", flat=True)
    )
    if recipients:
        url = _absolute("organisations:detail", organisation.pk)
        context = {"organisation": organisation, "url": url}
        _send("organisations/email/status", context, recipients)
