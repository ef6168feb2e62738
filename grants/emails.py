"""Emails of the grants app, queued in the outbox (portal.notifications) within the
transaction of the change; links are absolute."""

from grants.models import Application
from organisations.selectors import organisation_people
from portal.links import absolute_reverse
from portal.notifications import notify


def _url(name: str, application: Application) -> str:
    return absolute_reverse(name, args=[application.pk])


def _to_organisation(
    application: Application, kind: str, template: str, url_name: str, recipients=None
) -> None:
    if recipients is None:
        recipients = organisation_people(application.organisation)
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
        recipients=recipients,
        municipality=application.call.programme.committee.municipality,
    )


def receipt_recipients(application: Application) -> list:
    """Who gets the receipt: the organisation's people."""
    return organisation_people(application.organisation)


def submission_receipt(application: Application, recipients=None) -> None:
    """The receipt of a submission; ``recipients`` as ``receipt_recipients`` gives them
    (the submit asks before it takes the diarienummer lock, to hold it briefly)."""
    _to_organisation(
        application, "grants.receipt", "grants/email/receipt", "grants:receipt", recipients
    )


def decision_notice(application: Application) -> None:
    _to_organisation(application, "grants.decision", "grants/email/decision", "grants:application")


def paper_receipt(application: Application) -> None:
    """The receipt of a paper application (grants.services.paper) to the contact person's
    email, when the organisation has one that does not already get the normal receipt."""
    organisation = application.organisation
    address = organisation.contact_email
    people = {user.email.casefold() for user in organisation_people(organisation)}
    if not address or address.casefold() in people:
        return
    notify(
        kind="grants.paper_receipt",
        key=f"application:{application.pk}:paper",
        template="grants/email/paper_receipt",
        context={"application": application},
        recipients=[address],
        municipality=application.call.programme.committee.municipality,
    )
