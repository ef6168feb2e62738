"""The survey's state machine: every pair of states, who may move, what each move does
(sending stamps the time and queues the invitations on commit), all audited."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from portal.models import AuditEvent
from surveys import workflow
from surveys.models import Survey
from surveys.services import surveys as services
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db
S = Survey.Status


@pytest.mark.parametrize("old", S.values)
@pytest.mark.parametrize("new", S.values)
def test_every_pair_of_states(old, new):
    expected = workflow.SURVEY_TRANSITIONS.get((old, new), frozenset())
    for kind in (workflow.COORDINATOR, workflow.SYSTEM):
        problem = workflow.move_problem(old, new, {kind})
        assert (problem is None) == (old == new or kind in expected), (old, new, kind)


@pytest.fixture
def queued(monkeypatch):
    found = []
    monkeypatch.setattr(services, "queue_invitations", found.append)
    return found


def test_sending_stamps_opens_and_queues_the_invitations_on_commit(
    world, data, queued, django_capture_on_commit_callbacks
):
    survey = make_survey(world.x, segment=data.segment)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.survey_send(survey=survey, by=world.users["coordinator_x"])
        assert queued == []  # not before the commit
    for callback in callbacks:
        callback()
    assert queued == [survey.pk]
    survey.refresh_from_db()
    assert survey.status == S.OPEN
    assert survey.opens_at is not None
    event = AuditEvent.objects.get(action="survey.status_changed", target_id=str(survey.pk))
    assert (event.before, event.after) == ({"status": "draft"}, {"status": "open"})


def test_a_survey_without_questions_or_past_its_closing_is_not_sent(world, data, queued):
    empty = make_survey(world.x, segment=data.segment, questions=[])
    with pytest.raises(ValidationError):
        services.survey_send(survey=empty, by=world.users["coordinator_x"])
    late = make_survey(world.x, segment=data.segment,
                       closes_at=timezone.now() - timedelta(hours=1))  # fmt: skip
    with pytest.raises(ValidationError):
        services.survey_send(survey=late, by=world.users["coordinator_x"])
    consultation = make_survey(world.x, questions=[], kind=Survey.Kind.CONSULTATION,
                               document_text_sv="# 1. Syfte\nText.")  # fmt: skip
    services.survey_send(survey=consultation, by=world.users["admin_x"])
    assert Survey.objects.get(pk=consultation.pk).status == S.OPEN


def test_only_those_who_run_surveys_here_move_them(world, data, queued):
    survey = make_survey(world.x, segment=data.segment)
    for role in ("officer_x", "politician_x", "officer_y", "member"):
        with pytest.raises(PermissionDenied):
            services.survey_send(survey=survey, by=world.users[role])
    assert Survey.objects.get(pk=survey.pk).status == S.DRAFT


def test_close_reopen_cancel(world, data, queued):
    coordinator = world.users["coordinator_x"]
    survey = make_survey(world.x, segment=data.segment, status=S.OPEN)
    services.survey_close(survey=survey, by=coordinator)
    with pytest.raises(ValidationError):
        services.survey_reopen(survey=survey, by=coordinator, closes_at=timezone.now())
    later = timezone.now() + timedelta(days=5)
    services.survey_reopen(survey=survey, by=coordinator, closes_at=later)
    survey.refresh_from_db()
    assert (survey.status, survey.closes_at, survey.closed_at) == (S.OPEN, later, None)
    services.survey_cancel(survey=survey, by=coordinator)
    with pytest.raises(ValidationError):
        services.survey_reopen(survey=survey, by=coordinator, closes_at=later)
    assert queued == []  # opening again invites nobody
    assert AuditEvent.objects.filter(action="survey.status_changed").count() == 3


def test_the_daily_job_closes_surveys_past_their_time(world, data):
    past = make_survey(world.x, segment=data.segment, status=S.OPEN,
                       closes_at=timezone.now() - timedelta(minutes=5))  # fmt: skip
    coming = make_survey(world.x, segment=data.segment, status=S.OPEN)
    assert services.close_due(world.x) == 1
    assert Survey.objects.get(pk=past.pk).status == S.CLOSED
    assert Survey.objects.get(pk=coming.pk).status == S.OPEN
    event = AuditEvent.objects.get(action="survey.status_changed")
    assert event.actor is None
