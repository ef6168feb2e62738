"""Emails of the grants app (rendered in Swedish, links absolute)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from grants.models import Application


def _send_to_organisation(application, template: str, url_name="grants:application") -> None:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` in Swedish to the people of
    the applying organisation, with an absolute link to the application."""
    recipients = sorted(
        set(application.organisation.memberships.values_list("user__email", flat=True))
    )
    with translation.override(settings.LANGUAGE_CODE):
        base = settings.PORTAL_BASE_URL.rstrip("/")
        context = {
            "application": application,
            "url": base + reverse(url_name, args=[application.pk]),
            "letter_url": base + reverse("grants:decision_letter_pdf", args=[application.pk]),
        }
        send_mail(
            subject=render_to_string(f"{template}_subject.txt", context).strip(),
            message=render_to_string(f"{template}.txt", context),
            from_email=None,
            recipient_list=recipients,
        )


def decision_notice(application_id: int) -> None:
    application = Application.objects.select_related(
        "call__programme__committee", "organisation", "decision"
    ).get(pk=application_id)
    _send_to_organisation(application, "grants/email/decision")


def submission_receipt(application_id: int) -> None:
    application = Application.objects.select_related(
        "call__programme__committee", "organisation"
    ).get(pk=application_id)
    _send_to_organisation(application, "grants/email/receipt", url_name="grants:receipt")
