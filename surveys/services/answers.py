"""Answers and comments: given by an organisation (through a person who acts for it) or by
a person, while the survey takes answers; an answer is changed until the survey closes.

One answer per organisation and per person: the survey's row is locked while an answer is
saved, so two people of one organisation sending at once give one answer (the later one
stands), and the database's unique constraints hold whatever happens."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from portal.services import audit_record
from surveys import permissions
from surveys.models import Comment, Survey, SurveyResponse
from surveys.selectors.audience import SELF, organisation_key, respondents_for

COMMENT_LENGTH = 10_000


def closed_message(survey: Survey) -> str:
    if survey.status == Survey.Status.CANCELLED:
        return _("The survey has been cancelled and takes no answers.")
    return _("The survey is closed and takes no more answers. Contact the municipality if "
             "you have more to say.")  # fmt: skip


def _check(survey: Survey, by, organisation) -> None:
    """``by`` may answer ``survey`` as ``organisation`` (None: as themselves) now."""
    keys = {r.key for r in respondents_for(by, survey)}
    wanted = organisation_key(organisation) if organisation is not None else SELF
    if wanted not in keys:
        raise PermissionDenied
    if organisation is not None and not permissions.may_answer_for(by, organisation):
        raise PermissionDenied
    if not survey.takes_answers:
        raise ValidationError(closed_message(survey), code="closed")


def _locked(survey: Survey) -> Survey:
    return (
        Survey.objects.select_for_update(of=("self",))
        .select_related("municipality", "segment")
        .get(pk=survey.pk)
    )


def response_save(*, survey: Survey, by, answers: dict, organisation=None) -> SurveyResponse:
    """Save the answer of ``organisation`` (or of ``by`` as a person): new, or changed."""
    try:
        return _response_save(survey=survey, by=by, answers=answers, organisation=organisation)
    except IntegrityError:
        # Another answer of the same organisation or person was created at the same moment
        # outside this lock (it cannot be, with the lock; kept as a guard): save over it.
        return _response_save(survey=survey, by=by, answers=answers, organisation=organisation)


@transaction.atomic
def _response_save(*, survey, by, answers, organisation) -> SurveyResponse:
    current = _locked(survey)
    _check(current, by, organisation)
    who = {"organisation": organisation} if organisation is not None else {"person": by}
    response = SurveyResponse.objects.filter(survey=current, **who).first()
    created = response is None
    if created:
        response = SurveyResponse(survey=current, **who)
    response.answers = answers
    response.answered_by = by
    with transaction.atomic():  # a savepoint: a unique clash leaves the outer lock usable
        response.save()
    audit_record(
        actor=by,
        action="survey.answered",
        target=current,
        municipality=current.municipality,
        after={
            "organisation": organisation.name if organisation is not None else None,
            "changed": not created,
        },
    )
    return response


@transaction.atomic
def comment_add(*, survey: Survey, by, text: str, section: str = "", organisation=None) -> Comment:
    """A comment on the consultation's draft."""
    current = _locked(survey)
    _check(current, by, organisation)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your comment.")})
    if len(text) > COMMENT_LENGTH:
        raise ValidationError({"text": _("The comment is too long.")})
    comment = Comment.objects.create(
        survey=current, organisation=organisation, author=by, text=text,
        section=(section or "").strip()[:200],
    )  # fmt: skip
    audit_record(
        actor=by,
        action="survey.commented",
        target=current,
        municipality=current.municipality,
        after={"organisation": organisation.name if organisation is not None else None},
    )
    return comment
