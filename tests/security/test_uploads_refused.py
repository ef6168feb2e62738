"""Hostile uploads are refused with a clear error through every real upload view (the
registry's documents, a grant application's file question, a network's documents):
nothing is saved, nothing reaches the disk, and what was there before is kept."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from grants.models import Application, Attachment, Question
from networks.models import NetworkDocument, NetworkMember
from organisations import services as registry
from organisations.models import Document, EligibilityPeriod
from organisations.uploads import ALLOWED_TYPES, _zip_refused, validate_upload
from tests.factories import CallFactory, GrantProgrammeFactory, MembershipFactory, NetworkFactory
from tests.security import upload_samples as samples

pytestmark = pytest.mark.django_db

TYPE_ERROR = "innehåll"  # "Filens innehåll är inte en godkänd typ …"


def zip_message(code):
    """The refusal as the user reads it (the default language, Swedish)."""
    with translation.override("sv"):
        return " ".join(_zip_refused(code).messages)


# (file name, content or a builder, what the error must say)
HOSTILE = {
    "html_renamed_pdf": ("protokoll.pdf", samples.HTML_AS_PDF, TYPE_ERROR),
    "svg_with_script": ("logga.svg", samples.SVG_WITH_SCRIPT, TYPE_ERROR),
    "svg_renamed_png": ("logga.png", samples.SVG_WITH_SCRIPT, TYPE_ERROR),
    "docx_bomb_150mb": ("budget.docx", samples.docx_bomb, "zip_too_large"),
    "docx_ratio_1000": ("budget.docx", samples.docx_ratio_bomb, "zip_bomb"),
    "docx_6000_parts": ("budget.docx", samples.docx_many_members, "zip_bomb"),
    "docx_lying_sizes": ("budget.docx", samples.docx_lying_about_size, "zip_damaged"),
    "oversize_pdf": ("stor.pdf", samples.PDF + bytes(1024 * 1024), "för stor"),
    # Archives nested inside the office file count towards the same limits, or are refused.
    "docx_nested_bomb_500mb": ("budget.docx", samples.docx_with_nested_bomb, "zip_too_large"),
    "docx_nested_ratio_1000": ("budget.docx", samples.docx_with_nested_ratio_bomb, "zip_bomb"),
    "docx_emz_gzip_bomb": ("budget.docx", samples.docx_with_gzip_bomb, "zip_bomb"),
    "docx_nested_lying_sizes": (
        "budget.docx",
        samples.docx_with_nested_lying_member,
        "zip_damaged",
    ),
    "docx_nested_4_deep": ("budget.docx", samples.docx_nested_too_deep, "zip_nested"),
    "docx_nested_7z": ("budget.docx", samples.docx_with_7z, "zip_nested"),
    "docx_zip_in_gzip": ("budget.docx", samples.docx_with_zip_in_gzip, "zip_nested"),
}


def hostile_file(case):
    name, content, _expected = HOSTILE[case]
    content = content() if callable(content) else content
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def expected_text(case):
    expected = HOSTILE[case][2]
    return zip_message(expected) if expected.startswith("zip_") else expected


@pytest.fixture(autouse=True)
def _small_limit_private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAX_UPLOAD_MB = 1  # the oversize case: 1 MB and a little more


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def test_markup_is_not_an_accepted_type():
    for mime in ALLOWED_TYPES:
        assert not mime.startswith("text/")
        assert "html" not in mime
        assert "svg" not in mime
        assert not mime.endswith("xml")


@pytest.mark.parametrize("case", HOSTILE)
def test_registry_document_upload_refuses(client, settings, case):
    membership = MembershipFactory()
    organisation = membership.organisation
    kept = registry.document_upload(
        organisation=organisation, year=2025, kind="stadgar",
        uploaded=SimpleUploadedFile("stadgar.pdf", samples.PDF), by=membership.user,
    )  # fmt: skip
    files_before = stored_files(settings)
    client.force_login(membership.user)

    response = client.post(
        reverse("organisations:documents", args=[organisation.pk]),
        {"year": 2026, "kind": "arsmotesprotokoll", "file": hostile_file(case)},
    )

    assert response.status_code == 200  # the form again, with the error at the file field
    errors = " ".join(response.context["form"].errors["file"])
    assert expected_text(case).lower() in errors.lower()
    assert list(Document.objects.all()) == [kept]
    assert stored_files(settings) == files_before
    assert kept.file.open("rb").read() == samples.PDF


@pytest.fixture
def application(client):
    """A draft application whose file question already has a good attachment."""
    membership = MembershipFactory(organisation__approved=True)
    EligibilityPeriod.objects.create(
        organisation=membership.organisation,
        valid_from=timezone.localdate() - timedelta(days=1),
        valid_until=timezone.localdate() + timedelta(days=300),
    )
    programme = GrantProgrammeFactory(
        committee__municipality=membership.organisation.municipality, max_amount=50000
    )
    for order, (key, kind) in enumerate([("syfte", "textarea"), ("bilaga", "file")]):
        Question.objects.create(
            programme=programme, key=key, label=key.title(), field_type=kind, required=True,
            ordering=order,
        )  # fmt: skip
    call = CallFactory(programme=programme)
    client.force_login(membership.user)
    client.post(
        reverse("grants:start", args=[call.pk]), {"organisation": membership.organisation.pk}
    )
    application = Application.objects.get(call=call)
    client.post(
        reverse("grants:application", args=[application.pk]),
        {"action": "save", "q_syfte": "Läxhjälp",
         "q_bilaga": SimpleUploadedFile("budget.pdf", samples.PDF)},
    )  # fmt: skip
    assert application.attachments.count() == 1
    return application


@pytest.mark.parametrize("case", HOSTILE)
def test_application_file_question_refuses_on_submit(client, settings, application, case):
    kept = application.attachments.get()
    files_before = stored_files(settings)

    response = client.post(
        reverse("grants:application", args=[application.pk]),
        {"action": "submit", "q_syfte": "Läxhjälp", "q_bilaga": hostile_file(case)},
    )

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["q_bilaga"])
    assert expected_text(case).lower() in errors.lower()
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.diarienummer is None
    assert list(Attachment.objects.all()) == [kept]
    assert stored_files(settings) == files_before


@pytest.mark.parametrize("case", ["html_renamed_pdf", "docx_bomb_150mb", "oversize_pdf"])
def test_application_file_question_refuses_on_save_draft(client, settings, application, case):
    kept = application.attachments.get()
    files_before = stored_files(settings)

    response = client.post(
        reverse("grants:application", args=[application.pk]),
        {"action": "save", "q_syfte": "Ny text", "q_bilaga": hostile_file(case)},
        follow=True,
    )

    shown = " ".join(str(m) for m in response.context["messages"])
    assert expected_text(case).lower() in shown.lower()
    application.refresh_from_db()
    assert application.answers["q_syfte"] == "Ny text"  # the typed text is still saved
    assert list(Attachment.objects.all()) == [kept]
    assert stored_files(settings) == files_before


@pytest.mark.parametrize("case", HOSTILE)
def test_network_document_upload_refuses(client, settings, case):
    member = MembershipFactory().user
    network = NetworkFactory()
    NetworkMember.objects.create(network=network, kind="individual", user=member)
    client.force_login(member)
    upload = reverse("networks:document_upload", args=[network.pk])
    client.post(upload, {"title": "Lägesbild", "file": SimpleUploadedFile("l.pdf", samples.PDF)})
    kept = NetworkDocument.objects.get()
    files_before = stored_files(settings)

    response = client.post(upload, {"title": "Ny", "file": hostile_file(case)}, follow=True)

    shown = " ".join(str(m) for m in response.context["messages"])
    assert expected_text(case).lower() in shown.lower()
    assert list(NetworkDocument.objects.all()) == [kept]
    assert stored_files(settings) == files_before


def test_a_normal_word_document_is_accepted(client, settings):
    """The zip checks do not refuse an ordinary office file."""
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.post(
        reverse("organisations:documents", args=[membership.organisation.pk]),
        {"year": 2026, "kind": "stadgar",
         "file": SimpleUploadedFile("stadgar.docx", samples.small_docx())},
    )  # fmt: skip
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.content_type == next(m for m, kind in ALLOWED_TYPES.items() if kind == "Word")


def test_a_word_document_with_a_chart_and_a_compressed_picture_is_accepted(client):
    """Office programs nest archives in ordinary documents (a chart's workbook, an .emz
    picture): those are checked, not refused."""
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.post(
        reverse("organisations:documents", args=[membership.organisation.pk]),
        {"year": 2026, "kind": "stadgar",
         "file": SimpleUploadedFile("stadgar.docx", samples.docx_with_chart_and_emz())},
    )  # fmt: skip
    assert response.status_code == 302
    assert Document.objects.get().original_name == "stadgar.docx"
    # Three levels (a document in a document in the upload) is the deepest accepted.
    validate_upload(SimpleUploadedFile("d.docx", samples.docx_nested_too_deep(levels=3)))


def test_what_nested_archives_unpack_to_counts_towards_the_limit(settings):
    """Under the ratio check (less than 10 MB), a nested workbook and a gzip picture are
    still counted into MAX_UNZIPPED_MB with the rest of the file."""
    settings.MAX_UNZIPPED_MB = 2
    nested, emz = samples.docx_with_nested_zeros(3), samples.docx_with_emz_zeros(3)
    for content in (nested, emz):
        with pytest.raises(ValidationError) as refused:
            validate_upload(SimpleUploadedFile("d.docx", content))
        assert refused.value.code == "zip_too_large"
    settings.MAX_UNZIPPED_MB = 4
    for content in (nested, emz):
        validate_upload(SimpleUploadedFile("d.docx", content))
