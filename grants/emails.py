"""Emails of the grants app, queued in the outbox (portal.notifications) within the
transaction of the change; links are absolute."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from grants.models import Application
from portal.notifications import absolute_url, notify, organisation_people


def _url(name: str, application: Application) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(reverse(name, args=[application.pk]))


def _to_organisation(application: Application, kind: str, template: str, url_name: str) -> None:
    context = {
        "application": application,
        "url": _url(url_name, application),
        "letter_url": _url("grants:decision_letter_pdf", application),
    }
    notify(
        kind=kind,
        key=f"application:{application.pk}:{application.status}:{application.updated_at.timestamp():.0f}",
        template=template,
        context=context,
        recipients=organisation_people(application.organisation),
        municipality=application.call.programme.committee.municipality,
    )


def submission_receipt(application: Application) -> None:
    _to_organisation(application, "grants.receipt", "grants/email/receipt", "grants:receipt")


def decision_notice(application: Application) -> None:
    _to_organisation(application, "grants.decision", "grants/email/decision", "grants:application")
