"""Submitting an application is a move of grants.workflow like the others: the table says
from which statuses the applicant submits, and a status outside it refuses the submission as
a second click does (nothing saved, the receipt shown)."""

import pytest
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from grants import services, workflow
from grants.models import Application, ApplicationEvent
from tests.grants.conftest import COMPLETE

pytestmark = pytest.mark.django_db
S = Application.Status


def data(**changes):
    return MultiValueDict({k: [v] for k, v in {**COMPLETE, **changes}.items()})


@pytest.fixture
def application(applicant, project_call):
    return services.application_start(
        call=project_call, organisation=applicant.organisation, by=applicant.user
    )


def in_status(application, status):
    """The application submitted once (it has its number), then in ``status``."""
    services.application_submit(application=application, data=data(), files={},
                                by=application.created_by)  # fmt: skip
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


def test_the_statuses_an_applicant_edits_in_are_those_the_table_submits_from():
    sources = {old for old in S.values if workflow.allowed(old, S.SUBMITTED, workflow.APPLICANT)}
    assert sources == set(Application.EDITABLE) == {S.DRAFT, S.COMPLETION_REQUESTED}


@pytest.mark.parametrize("status", [S.SUBMITTED, S.UNDER_REVIEW, S.DECIDED, S.WITHDRAWN])
def test_no_submission_from_a_status_outside_the_table(applicant, application, status):
    in_status(application, status)
    answers = application.answers
    result = services.application_submit(
        application=application, data=data(q_syfte="Ändrat"), files={}, by=applicant.user
    )
    assert result is None  # as for a second click: nothing to show, nothing saved
    application.refresh_from_db()
    assert (application.status, application.answers) == (status, answers)
    assert ApplicationEvent.objects.filter(application=application).count() == 1  # the first


def test_submit_asks_the_table_not_a_list_of_its_own(client, monkeypatch, applicant, application):
    """Take completion → submitted out of the table: an application waiting for completion
    is no longer submitted, through the service or the applicant's page."""
    in_status(application, S.COMPLETION_REQUESTED)
    monkeypatch.delitem(workflow.TRANSITIONS, (S.COMPLETION_REQUESTED, S.SUBMITTED))
    assert services.application_submit(
        application=application, data=data(), files={}, by=applicant.user
    ) is None  # fmt: skip
    client.force_login(applicant.user)
    url = reverse("grants:application", args=[application.pk])
    response = client.post(url, {**COMPLETE, "action": "submit"})
    assert response["Location"] == reverse("grants:receipt", args=[application.pk])
    application.refresh_from_db()
    assert application.status == S.COMPLETION_REQUESTED
    assert ApplicationEvent.objects.filter(application=application).count() == 1  # the first

    monkeypatch.undo()  # with the move back in the table, the same post submits
    client.post(url, {**COMPLETE, "action": "submit"})
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    event = ApplicationEvent.objects.filter(application=application).latest("pk")
    assert (event.from_status, event.to_status) == (S.COMPLETION_REQUESTED, S.SUBMITTED)


def test_a_draft_is_submitted_once_through_the_table(applicant, application):
    form = services.application_submit(
        application=application, data=data(), files={}, by=applicant.user
    )
    assert form is not None
    assert not form.errors
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert application.diarienummer
    again = services.application_submit(
        application=application, data=data(), files={}, by=applicant.user
    )
    assert again is None
    assert ApplicationEvent.objects.filter(application=application).count() == 1
