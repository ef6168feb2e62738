"""The applicant's side: start, drafts, submit with diarienummer, receipt, follow-up."""

import threading
import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from config.celery import app as celery_app
from grants import services
from grants.models import Application, ApplicationEvent
from portal.models import Role
from portal.services import role_assign
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.grants.conftest import COMPLETE

pytestmark = pytest.mark.django_db


def start(client, applicant, call):
    client.force_login(applicant.user)
    response = client.post(
        reverse("grants:start", args=[call.pk]), {"organisation": applicant.organisation.pk}
    )
    return Application.objects.get(call=call), response


def post(client, application, data, action="save"):
    return client.post(
        reverse("grants:application", args=[application.pk]), {**data, "action": action}
    )


def test_start_creates_one_draft(client, applicant, project_call):
    application, response = start(client, applicant, project_call)
    assert response["Location"] == reverse("grants:application", args=[application.pk])
    assert application.status == Application.Status.DRAFT
    client.post(
        reverse("grants:start", args=[project_call.pk]), {"organisation": applicant.organisation.pk}
    )
    assert Application.objects.count() == 1


def test_ineligible_organisation_cannot_start(client, project_call):
    pending = MembershipFactory(
        organisation__municipality=project_call.programme.committee.municipality
    )
    client.force_login(pending.user)
    response = client.post(
        reverse("grants:start", args=[project_call.pk]),
        {"organisation": pending.organisation.pk},
        follow=True,
    )
    assert not Application.objects.exists()
    assert "inte godkänts" in response.content.decode()


def test_draft_keeps_everything_typed_even_invalid_and_others_continue(
    client, applicant, project_call
):
    application, _response = start(client, applicant, project_call)
    post(client, application, {"q_syfte": "Halvfärdig text", "q_deltagare": "tjugo"})
    application.refresh_from_db()
    assert application.answers == {"q_syfte": "Halvfärdig text", "q_deltagare": "tjugo"}
    colleague = MembershipFactory(organisation=applicant.organisation).user
    client.force_login(colleague)
    page = client.get(reverse("grants:application", args=[application.pk])).content.decode()
    assert "Halvfärdig text" in page
    assert 'value="tjugo"' in page


def test_autosave(client, applicant, project_call):
    application, _response = start(client, applicant, project_call)
    response = client.post(
        reverse("grants:autosave", args=[application.pk]), {"q_syfte": "Autosparat"}
    )
    assert response.json()["saved"] is True
    application.refresh_from_db()
    assert application.answers["q_syfte"] == "Autosparat"


def test_submit_with_missing_answers_shows_errors_and_keeps_the_draft(
    client, applicant, project_call
):
    application, _response = start(client, applicant, project_call)
    response = post(client, application, {"q_syfte": "Bara syftet"}, action="submit")
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"q_deltagare", "q_belopp"}
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.diarienummer is None
    assert application.answers["q_syfte"] == "Bara syftet"


def test_submit_gives_diarienummer_receipt_and_locks(
    client, applicant, project_call, django_capture_on_commit_callbacks
):
    application, _response = start(client, applicant, project_call)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post(client, application, COMPLETE, action="submit")
    assert response["Location"] == reverse("grants:receipt", args=[application.pk])
    assert len(callbacks) == 1  # the receipt email is queued only on commit
    application.refresh_from_db()
    year = timezone.localdate().year
    assert application.diarienummer == f"KFN {year}/1"
    assert application.status == Application.Status.SUBMITTED
    assert str(application.amount_requested) == "12000.00"
    receipt = client.get(reverse("grants:receipt", args=[application.pk])).content.decode()
    assert f"KFN {year}/1" in receipt
    post(client, application, {"q_syfte": "Ändrat i efterhand"})
    application.refresh_from_db()
    assert application.answers["q_syfte"] == "Schack för alla"  # locked after submit
    assert (
        client.post(reverse("grants:autosave", args=[application.pk]), {"q_syfte": "x"}).status_code
        == 409
    )


def test_double_submit_submits_once(applicant, project_call):
    application = services.application_start(
        call=project_call, organisation=applicant.organisation, by=applicant.user
    )
    data = MultiValueDict({k: [v] for k, v in COMPLETE.items()})
    first = services.application_submit(
        application=application, data=data, files={}, by=applicant.user
    )
    second = services.application_submit(
        application=application, data=data, files={}, by=applicant.user
    )
    assert first is not None
    assert second is None
    assert ApplicationEvent.objects.filter(application=application).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_tabs_submitting_at_once_submit_once(applicant, project_call):
    application = services.application_start(
        call=project_call, organisation=applicant.organisation, by=applicant.user
    )
    data = MultiValueDict({k: [v] for k, v in COMPLETE.items()})
    barrier, results = threading.Barrier(2), []

    def tab():
        try:
            barrier.wait(timeout=10)
            results.append(
                services.application_submit(
                    application=application, data=data, files={}, by=applicant.user
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=tab) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(r is None for r in results) == [False, True]
    application.refresh_from_db()
    assert application.diarienummer.endswith("/1")
    assert ApplicationEvent.objects.filter(application=application).count() == 1


@pytest.mark.django_db(transaction=True)
def test_receipt_email_goes_out_through_celery_only_after_commit(applicant, project_call):
    application = services.application_start(
        call=project_call, organisation=applicant.organisation, by=applicant.user
    )
    data = MultiValueDict({k: [v] for k, v in COMPLETE.items()})
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        with transaction.atomic():
            services.application_submit(
                application=application, data=data, files={}, by=applicant.user
            )
            time.sleep(1)
            assert mail.outbox == []  # nothing is sent while the transaction is open
        deadline = time.monotonic() + 20
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.1)
    [message] = mail.outbox
    application.refresh_from_db()
    assert application.diarienummer in message.subject
    assert message.to == [applicant.user.email]


def test_late_submission_refused_or_deducted(client, applicant, project_call):
    application, _response = start(client, applicant, project_call)
    call = project_call
    call.opens_at = timezone.now() - timedelta(days=20)
    call.closes_at = timezone.now() - timedelta(days=2)
    call.save()
    response = post(client, application, COMPLETE, action="submit")
    assert "inte öppen" in " ".join(response.context["form"].non_field_errors())
    programme = call.programme
    programme.accepts_late_applications = True
    programme.save()
    programme.late_deductions.create(days_late=7, percent=25)
    post(client, application, COMPLETE, action="submit")
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.late_deduction_percent == 25


def test_completion_requested_reopens_and_keeps_number(client, applicant, project_call):
    application, _response = start(client, applicant, project_call)
    post(client, application, COMPLETE, action="submit")
    application.refresh_from_db()
    number = application.diarienummer
    officer = UserFactory()
    municipality = project_call.programme.committee.municipality
    role_assign(
        user=officer,
        municipality=municipality,
        role=Role.OFFICER,
        committee=project_call.programme.committee,
    )
    services.application_transition(
        application=application,
        to_status=Application.Status.COMPLETION_REQUESTED,
        by=officer,
        message="Beskriv målgruppen tydligare.",
    )
    page = client.get(reverse("grants:application", args=[application.pk])).content.decode()
    assert "Beskriv målgruppen tydligare." in page
    post(client, application, {**COMPLETE, "q_syfte": "Schack för alla åldrar"}, action="submit")
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.diarienummer == number
    assert application.answers["q_syfte"] == "Schack för alla åldrar"


def test_applicant_cannot_move_own_case_forward(applicant, project_call):
    application = services.application_start(
        call=project_call, organisation=applicant.organisation, by=applicant.user
    )
    with pytest.raises(ValidationError):
        services.application_transition(
            application=application, to_status=Application.Status.UNDER_REVIEW, by=applicant.user
        )


@pytest.mark.parametrize("url_name", ["application", "autosave", "receipt", "message"])
def test_other_organisations_application_is_404(client, applicant, project_call, url_name):
    application, _response = start(client, applicant, project_call)
    post(client, application, COMPLETE, action="submit")
    outsider = MembershipFactory(
        organisation=OrganisationFactory(municipality=applicant.organisation.municipality)
    )
    client.force_login(outsider.user)
    url = reverse(f"grants:{url_name}", args=[application.pk])
    method = client.post if url_name in ("autosave", "message") else client.get
    assert method(url).status_code == 404


def test_timeline_and_messages(client, applicant, project_call):
    application, _response = start(client, applicant, project_call)
    post(client, application, COMPLETE, action="submit")
    client.post(
        reverse("grants:message", args=[application.pk]), {"body": "Hej! En fråga om budgeten."}
    )
    page = client.get(reverse("grants:application", args=[application.pk])).content.decode()
    assert "Inskickad" in page or "Submitted" in page
    assert "En fråga om budgeten." in page
    assert client.get(reverse("grants:applications")).status_code == 200


def test_registry_document_is_reused_instead_of_uploaded(client, applicant, project_call):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from organisations import services as registry

    document = registry.document_upload(
        organisation=applicant.organisation,
        year=2026,
        kind="verksamhetsplan",
        uploaded=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n"),
        by=applicant.user,
    )
    question = project_call.programme.questions.get(key="bilaga")
    question.required = True
    question.save()
    application, _response = start(client, applicant, project_call)
    form = client.get(reverse("grants:application", args=[application.pk])).context["form"]
    assert (str(document.pk), "Verksamhetsplan 2026") in form.fields["q_bilaga__registry"].choices
    response = post(
        client, application, {**COMPLETE, "q_bilaga__registry": str(document.pk)}, action="submit"
    )
    assert response.status_code == 302, response.context["form"].errors
    attachment = application.attachments.get()
    assert attachment.registry_document == document
    download = client.get(reverse("grants:attachment", args=[application.pk, attachment.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_another_organisations_registry_document_cannot_be_attached(
    client, applicant, project_call
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from organisations import services as registry

    stranger = OrganisationFactory()
    foreign = registry.document_upload(
        organisation=stranger,
        year=2026,
        kind="budget",
        uploaded=SimpleUploadedFile("b.pdf", b"%PDF-1.4\n%%EOF\n"),
        by=None,
    )
    application, _response = start(client, applicant, project_call)
    post(client, application, {"q_bilaga__registry": str(foreign.pk)})
    assert not application.attachments.exists()


def test_registry_document_used_by_an_application_cannot_be_deleted(
    client, applicant, project_call
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from organisations import services as registry

    document = registry.document_upload(
        organisation=applicant.organisation,
        year=2026,
        kind="budget",
        uploaded=SimpleUploadedFile("b.pdf", b"%PDF-1.4\n%%EOF\n"),
        by=applicant.user,
    )
    application, _response = start(client, applicant, project_call)
    post(client, application, {"q_bilaga__registry": str(document.pk)})
    delete = reverse("organisations:document_delete", args=[applicant.organisation.pk, document.pk])
    response = client.post(delete, follow=True)
    assert response.status_code == 200
    assert "bilagt till en ansökan" in response.content.decode()
    assert application.attachments.get().registry_document == document
