"""Surveys' lifecycle: checked against ``surveys.workflow``, audited.

A coordinator (``permissions.may_run``) writes the survey in the admin (plain model form,
audited there, checked by :func:`survey_problems`), then sends it: the status becomes open,
the opening time is stamped and, once the transaction commits, a worker queues one
invitation per recipient in the outbox (``surveys.tasks.survey_invite``, idempotent). The
daily job closes surveys past their closing time; a coordinator may close one earlier,
cancel it, or open a closed one again with a later closing time (nobody is invited again).
"""

from __future__ import annotations

import logging

from celery import current_app
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.uploads import name_for_type, safe_original_name, validate_upload
from portal.notifications import REQUEST_TRANSPORT_OPTIONS
from portal.services import audit_record
from surveys import permissions, workflow
from surveys.models import Survey, SurveyQuestion

logger = logging.getLogger(__name__)
S = Survey.Status
INVITE_TASK = "surveys.tasks.survey_invite"


def _pk(value):
    return getattr(value, "pk", value)


def require_runner(user, municipality) -> None:
    if not permissions.may_run(user, _pk(municipality)):
        raise PermissionDenied


def actor_kinds(user, survey: Survey) -> set[str]:
    if user is None:
        return {workflow.SYSTEM}
    return {workflow.COORDINATOR} if permissions.may_run(user, survey.municipality_id) else set()


def survey_moves(user, survey: Survey) -> list[str]:
    """The statuses ``user`` may move ``survey`` to (the admin's buttons)."""
    return workflow.moves(survey.status, actor_kinds(user, survey), workflow.SURVEY_TRANSITIONS)


def survey_problems(*, municipality, data: dict) -> dict:
    """What is wrong with ``data`` (the survey's fields) for ``municipality``, per field.
    The admin's form asks before anything is saved."""
    problems = {}
    segment = data.get("segment")
    audience = data.get("audience")
    if audience == Survey.Audience.SEGMENT and segment is None:
        problems["segment"] = _("Choose the segment the survey goes to.")
    if segment is not None and segment.municipality_id != _pk(municipality):
        problems["segment"] = _("Choose one of the municipality's own segments.")
    if bool(data.get("series")) != bool(data.get("year")):
        problems["year"] = _("A survey of a series needs its year, and a year needs a series.")
    return problems


def question_problems(questions: list[dict]) -> dict:
    """Per question index: what is wrong (choices for choice questions)."""
    problems = {}
    for index, question in enumerate(questions):
        kind = question.get("field_type")
        choices = [c for c in (question.get("choices") or "").splitlines() if c.strip()]
        listed = (SurveyQuestion.FieldType.CHOICE, SurveyQuestion.FieldType.MULTIPLE_CHOICE)
        if kind in listed and len(choices) < 2:
            problems[index] = _("Give at least two choices, one per line.")
    return problems


def document_store(survey: Survey, uploaded) -> None:
    """Check the draft document with the portal's upload checks and keep it with the
    survey (saved by the caller); raises ValidationError for a refused file."""
    survey.document_type = validate_upload(uploaded)
    survey.document_name = name_for_type(safe_original_name(uploaded.name), survey.document_type)
    survey.document_size = uploaded.size
    survey.document.save(survey.document_name, uploaded, save=False)


def send_problems(survey: Survey) -> list[str]:
    """Why the survey cannot be sent yet (empty: it can)."""
    problems = []
    if not survey.questions.exists() and not (survey.is_consultation and survey.has_document):
        if survey.is_consultation:
            problems.append(_("Add the draft document (a file or the text) or questions first."))
        else:
            problems.append(_("Add at least one question first."))
    if survey.closes_at <= timezone.now():
        problems.append(_("The closing time has passed: set a later one first."))
    if survey.audience == Survey.Audience.SEGMENT and survey.segment_id is None:
        problems.append(_("Choose the segment the survey goes to."))
    return problems


def queue_invitations(survey_id: int) -> None:
    """Ask a worker to queue the invitations (after the commit; the task is idempotent). If
    the broker is down they are queued here and now: a sent survey must reach its people."""
    try:
        with current_app.connection_for_write(
            transport_options=REQUEST_TRANSPORT_OPTIONS
        ) as connection:
            current_app.send_task(INVITE_TASK, args=[survey_id], retry=False, connection=connection)
    except Exception as error:  # kombu raises several kinds when the broker is down
        logger.warning("Broker unreachable, survey %s queued in the request: %s", survey_id, error)
        from surveys.tasks import survey_invite

        survey_invite.apply(args=[survey_id])


def _locked(survey: Survey) -> Survey:
    return (
        Survey.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=survey.pk)
    )


@transaction.atomic
def survey_transition(*, survey: Survey, to_status: str, by, closes_at=None) -> Survey:
    """Move a survey (``workflow.SURVEY_TRANSITIONS``), audited. Sending stamps the opening
    time and queues the invitations; opening a closed survey again needs a later closing
    time (``closes_at``); ``by=None`` is the daily job closing a survey past its time."""
    current = _locked(survey)
    if by is not None:
        require_runner(by, current.municipality_id)
    old = current.status
    problem = workflow.move_problem(old, to_status, actor_kinds(by, current))
    if problem or old == to_status:
        raise ValidationError(problem or _("The survey already has this status."),
                              code="invalid_move")  # fmt: skip
    now = timezone.now()
    fields, after = ["status"], {"status": to_status}
    if old == S.DRAFT and to_status == S.OPEN:
        problems = send_problems(current)
        if problems:
            raise ValidationError(problems)
        current.opens_at = now
        fields.append("opens_at")
        transaction.on_commit(lambda pk=current.pk: queue_invitations(pk))
    elif to_status == S.OPEN:
        if closes_at is None or closes_at <= now:
            raise ValidationError({"closes_at": _("Choose a closing time in the future.")})
        current.closes_at, current.closed_at = closes_at, None
        fields += ["closes_at", "closed_at"]
        after["closes_at"] = closes_at.isoformat()
    else:
        current.closed_at = now
        fields.append("closed_at")
    current.status = to_status
    current.save(update_fields=[*fields, "updated_at"])
    audit_record(
        actor=by,
        action="survey.status_changed",
        target=current,
        municipality=current.municipality,
        before={"status": old},
        after=after,
    )
    return current


def survey_send(*, survey: Survey, by) -> Survey:
    return survey_transition(survey=survey, to_status=S.OPEN, by=by)


def survey_close(*, survey: Survey, by) -> Survey:
    return survey_transition(survey=survey, to_status=S.CLOSED, by=by)


def survey_cancel(*, survey: Survey, by) -> Survey:
    return survey_transition(survey=survey, to_status=S.CANCELLED, by=by)


def survey_reopen(*, survey: Survey, by, closes_at) -> Survey:
    return survey_transition(survey=survey, to_status=S.OPEN, by=by, closes_at=closes_at)


def close_due(municipality, now=None) -> int:
    """Close the municipality's open surveys past their closing time (the daily job)."""
    now = now or timezone.now()
    due = Survey.objects.filter(municipality=municipality, status=S.OPEN, closes_at__lte=now)
    closed = 0
    for survey in due:
        try:
            survey_transition(survey=survey, to_status=S.CLOSED, by=None)
        except ValidationError:  # closed meanwhile
            continue
        closed += 1
    return closed
