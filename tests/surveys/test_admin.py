"""The coordinators' admin: write a survey with its questions for a segment, see whom it
reaches, send it (the invitations follow on commit), close and reopen it; questions locked
once sent; the draft document through the upload checks; who opens the admin pages."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditEvent
from surveys.models import Survey
from surveys.services import surveys as services
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _add_data(world, data, **extra):
    closes = timezone.localtime() + timedelta(days=14)
    base = {
        "municipality": world.x.pk, "kind": "survey", "title_sv": "Behov hos unga",
        "title_en": "", "intro_sv": "Berätta!", "intro_en": "", "audience": "segment",
        "segment": data.segment.pk, "respondents": "organisations", "series": "", "year": "",
        "closes_at_0": closes.date().isoformat(), "closes_at_1": "18:00",
        "document_text_sv": "", "document_text_en": "",
        "questions-TOTAL_FORMS": "2", "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0", "questions-MAX_NUM_FORMS": "1000",
        "questions-0-ordering": "0", "questions-0-key": "lokaler",
        "questions-0-label_sv": "Har ni lokaler?", "questions-0-field_type": "choice",
        "questions-0-required": "on", "questions-0-choices": "Ja\nNej",
        "questions-1-ordering": "1", "questions-1-key": "behov",
        "questions-1-label_sv": "Vad behöver ni?", "questions-1-field_type": "textarea",
        "_continue": "1",
    }  # fmt: skip
    base.update(extra)
    return base


def test_coordinator_writes_and_sends_a_survey(client, world, data, monkeypatch,
                                               django_capture_on_commit_callbacks):  # fmt: skip
    queued = []
    monkeypatch.setattr(services, "queue_invitations", queued.append)
    client.force_login(world.users["coordinator_x"])
    response = client.post(reverse("admin:surveys_survey_add"), _add_data(world, data))
    assert response.status_code == 302, response.context["adminform"].form.errors
    survey = Survey.objects.get(title_sv="Behov hos unga")
    assert [q.key for q in survey.questions.all()] == ["lokaler", "behov"]
    assert AuditEvent.objects.filter(action="survey.created").exists()
    page = client.get(reverse("admin:surveys_survey_change", args=[survey.pk])).content.decode()
    assert "2 personer, för 2 organisationer" in page  # the reach, as saved
    send = reverse("admin:surveys_survey_send", args=[survey.pk])
    assert "2 personer" in client.get(send).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(send).status_code == 302
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    assert queued == [survey.pk]
    # questions are locked once sent
    page = client.get(reverse("admin:surveys_survey_change", args=[survey.pk]))
    inline = page.context["inline_admin_formsets"][0]
    assert not inline.has_change_permission
    assert not inline.has_add_permission
    # close, and open again with a new closing time
    client.post(reverse("admin:surveys_survey_close", args=[survey.pk]))
    later = timezone.localtime() + timedelta(days=3)
    client.post(reverse("admin:surveys_survey_reopen", args=[survey.pk]),
                {"closes_at_0": later.date().isoformat(), "closes_at_1": "12:00"})  # fmt: skip
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    assert survey.closes_at.date() == later.date()


def test_form_errors(client, world, data):
    client.force_login(world.users["coordinator_x"])
    other_segment = type(data.segment).objects.create(municipality=world.y, name="Y:s urval")
    bad = _add_data(
        world,
        data,
        **{
            "segment": other_segment.pk,
            "questions-1-key": "lokaler",
            "questions-0-choices": "Ja",
            "series": "Inventering",
        },
    )
    page = client.post(reverse("admin:surveys_survey_add"), bad)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "segment" in form.errors
    assert "year" in form.errors
    inline = page.context["inline_admin_formsets"][0].formset
    assert "choices" in inline.forms[0].errors
    assert "key" in inline.forms[1].errors
    assert not Survey.objects.exists()


def test_draft_document_goes_through_the_upload_checks(client, world, data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.users["admin_x"])
    fake = SimpleUploadedFile(
        "utkast.pdf", b"<html>not a pdf</html>", content_type="application/pdf"
    )
    extra = {"kind": "consultation", "document": fake, "questions-TOTAL_FORMS": "0"}
    page = client.post(reverse("admin:surveys_survey_add"), _add_data(world, data, **extra))
    assert page.status_code == 200
    assert "document" in page.context["adminform"].form.errors
    real = SimpleUploadedFile("utkast.html", PDF, content_type="text/html")
    extra["document"] = real
    response = client.post(reverse("admin:surveys_survey_add"), _add_data(world, data, **extra))
    assert response.status_code == 302
    survey = Survey.objects.get()
    assert (survey.document_name, survey.document_type) == ("utkast.pdf", "application/pdf")
    services.survey_send(survey=survey, by=world.users["admin_x"])
    client.force_login(data.person_a)
    download = client.get(reverse("surveys:document", args=[survey.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    client.force_login(data.outsider)
    assert client.get(reverse("surveys:document", args=[survey.pk])).status_code == 404


def test_who_opens_the_survey_admin(client, world, data):
    survey = make_survey(world.x, segment=data.segment)
    url = reverse("admin:surveys_survey_change", args=[survey.pk])
    expected = {"coordinator_x": 200, "admin_x": 200, "officer_y": 403, "officer_x": 403}
    for role, status in expected.items():
        client.force_login(world.users[role])
        assert client.get(url).status_code == status, role
    client.force_login(world.users["politician_x"])
    assert client.get(url).status_code == 302  # no admin: to its login
    listing = client.get(reverse("admin:surveys_survey_changelist"))
    assert listing.status_code == 302
