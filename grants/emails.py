"""Emails of the grants app (rendered in Swedish, links absolute)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from grants.models import Application


def submission_receipt(application_id: int) -> None:
    application = Application.objects.select_related(
        "call__programme__committee", "organisation"
    ).get(pk=application_id)
    recipients = sorted(
        set(application.organisation.memberships.values_list("user__email", flat=True))
    )
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("grants:receipt", args=[application.pk])
        context = {"application": application, "url": settings.PORTAL_BASE_URL.rstrip("/") + path}
        send_mail(
            subject=render_to_string("grants/email/receipt_subject.txt", context).strip(),
            message=render_to_string("grants/email/receipt.txt", context),
            from_email=None,
            recipient_list=recipients,
        )
