"""A sent survey on its way to the people it asks: one outbox row each, in their language
(``notify_many(personal=False)``: rendered once per language however many receive it).
Rows are unique per survey and address, so queuing again (a retried task, a second click)
adds only people who were not reached before. Invitations to a segment or to every
organisation are mailings: addresses that opted out of the municipality's mailings are not
invited (``surveys.selectors.audience.invitees``), and each message carries the one-click
opt-out of the municipality's mailings (``outreach.services.mailings.opt_out_link``, in the
List-Unsubscribe header and on its last line)."""

from django.db.models import Q

from organisations.models import Membership
from outreach.selectors.segments import ACTING
from outreach.services.mailings import opt_out_link
from portal.links import absolute_reverse
from portal.models import Notification
from portal.notifications import notify_many
from surveys.models import Survey, SurveyResponse
from surveys.selectors.audience import audience_organisations, invitees

KIND = "survey.invitation"
TEMPLATE = "surveys/email/invitation"
REMINDER_KIND = "reminder.survey_closing"
REMINDER_TEMPLATE = "surveys/email/reminder"


def survey_key(survey: Survey) -> str:
    return f"survey:{survey.pk}"


def _unsubscribe(survey: Survey):
    link = opt_out_link(survey.municipality_id)
    return lambda key, email, user: link(email)


def _context(survey: Survey) -> dict:
    return {"survey": survey, "url": absolute_reverse("surveys:survey", args=[survey.pk])}


def queue_invitations(survey: Survey) -> int:
    """Queue the survey for everyone it asks now; returns how many rows this call queued
    (0 when all were queued before). Keeps the counts of invited organisations and people
    (the response rate's denominators)."""
    people = invitees(survey)
    rows = notify_many(
        kind=KIND,
        template=TEMPLATE,
        items=[(survey_key(survey), _context(survey), people)],
        municipality=survey.municipality,
        personal=False,
        unsubscribe=_unsubscribe(survey),
    )
    survey.invited_people = Notification.objects.filter(kind=KIND, key=survey_key(survey)).count()
    survey.invited_organisations = (
        audience_organisations(survey).count() if survey.by_organisations else 0
    )
    Survey.objects.filter(pk=survey.pk).update(
        invited_people=survey.invited_people, invited_organisations=survey.invited_organisations
    )
    return len(rows)


def not_answered(survey: Survey) -> list:
    """The invitees who have not answered: people whose organisations (all of those they
    act for in the audience) have not answered, and persons without an answer of their own."""
    answered = SurveyResponse.objects.filter(survey=survey)
    answered_organisations = set(
        answered.filter(organisation__isnull=False).values_list("organisation_id", flat=True)
    )
    answered_people = set(answered.filter(person__isnull=False).values_list("person_id", flat=True))
    acting = {}
    if survey.by_organisations:
        for user_id, organisation_id in Membership.objects.filter(
            Q(organisation__in=audience_organisations(survey).values("pk")), role__in=ACTING
        ).values_list("user_id", "organisation_id"):
            acting.setdefault(user_id, set()).add(organisation_id)
    waiting = []
    for recipient in invitees(survey):
        user_id = getattr(recipient, "pk", None)
        if user_id is not None and user_id in acting:
            if acting[user_id] - answered_organisations:
                waiting.append(recipient)
        elif user_id is not None:
            if survey.by_persons and user_id not in answered_people:
                waiting.append(recipient)
        else:
            waiting.append(recipient)  # an address without an account: nothing to tell by
    return waiting


def queue_reminders(survey: Survey) -> int:
    """Remind those who have not answered (once per survey and address)."""
    return len(
        notify_many(
            kind=REMINDER_KIND,
            template=REMINDER_TEMPLATE,
            items=[(f"{survey_key(survey)}:reminder", _context(survey), not_answered(survey))],
            municipality=survey.municipality,
            personal=False,
            unsubscribe=_unsubscribe(survey),
        )
    )
