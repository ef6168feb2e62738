"""Who may do what with surveys: questions about (person, municipality, organisation).
Views, the admin and the services all ask here.

An organisation answers through the people who may apply for it
(``organisations.rights.APPLY``: its responsible people and grant managers): they already
speak for it towards the municipality (applications, messages, reports); members who only
read do not answer for it, but may answer as themselves where persons are asked."""

from organisations import permissions as organisation_permissions
from portal import permissions
from surveys.roles import RUN_SURVEYS, VIEW_RESULTS

ANSWER_FOR_ORGANISATION = organisation_permissions.APPLY


def may_run(user, municipality) -> bool:
    """Write, send, close and cancel surveys; see who answered what."""
    return permissions.may(user, RUN_SURVEYS, municipality)


def may_view_results(user, municipality) -> bool:
    """Read the results (staff and politicians)."""
    return permissions.may(user, VIEW_RESULTS, municipality)


def may_see_names(user, municipality) -> bool:
    """See which organisation or person gave an answer: those who run the surveys."""
    return may_run(user, municipality)


def may_answer_for(user, organisation) -> bool:
    return organisation_permissions.may_for_organisation(
        user, organisation, ANSWER_FOR_ORGANISATION
    )


def answering_organisations(user):
    """The organisations ``user`` may answer for."""
    return organisation_permissions.organisations_where(user, ANSWER_FOR_ORGANISATION)
