"""Emails of the grants app, queued in the outbox (portal.notifications) within the
transaction of the change; links are absolute."""

from grants.models import Application
from organisations.selectors import organisation_people
from portal.links import absolute_reverse
from portal.models import Notification
from portal.notifications import notify, queue_rows, render_rows


def _url(name: str, application: Application) -> str:
    return absolute_reverse(name, args=[application.pk])


def _context(application: Application, url_name: str) -> dict:
    return {
        "application": application,
        "url": _url(url_name, application),
        "letter_url": _url("grants:decision_letter_pdf", application),
    }


def _key(application: Application) -> str:
    """One message per status the case reaches (and per time it reaches it)."""
    at = application.updated_at.timestamp()
    return f"application:{application.pk}:{application.status}:{at:.0f}"


def _to_organisation(
    application: Application, kind: str, template: str, url_name: str, recipients=None
) -> None:
    if recipients is None:
        recipients = organisation_people(application.organisation)
    notify(
        kind=kind,
        key=_key(application),
        template=template,
        context=_context(application, url_name),
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


# Stands for the diarienummer in a receipt rendered before the number exists (below).
NUMBER_TO_COME = "DIARIENUMMER-TO-COME"


def first_receipt_rendered(application: Application, recipients) -> list[Notification]:
    """The receipt of a first submission, rendered before its diarienummer is taken, with
    ``NUMBER_TO_COME`` in the number's place. The submit takes the number last and holds
    its committee's sequence row locked until commit, while every other applicant of the
    committee waits on deadline day: the rendering happens before, and within the lock
    ``first_receipt_queue`` only writes the number in and inserts the rows."""
    number, application.diarienummer = application.diarienummer, NUMBER_TO_COME
    try:
        return render_rows(
            kind="grants.receipt",
            template="grants/email/receipt",
            items=[("", _context(application, "grants:receipt"), recipients)],
            municipality=application.call.programme.committee.municipality,
        )
    finally:
        application.diarienummer = number


def first_receipt_queue(application: Application, rows: list[Notification]) -> None:
    """Queue ``first_receipt_rendered``'s rows once the case is saved with its number."""
    key = _key(application)[:200]
    for row in rows:
        row.key = key
        row.subject = row.subject.replace(NUMBER_TO_COME, application.diarienummer)
        row.body = row.body.replace(NUMBER_TO_COME, application.diarienummer)
    queue_rows(rows)


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
