"""Accepted uploads are stored safely: in the media storage under a random name (never the
uploader's name or path), outside anything the web server serves, and given back only by
the permission-checked views, as attachments whose type the browser may not sniff.

The checks go through the storage API, so they hold for any backend (the suite also runs
with TEST_STORAGE=memory); where the filesystem is the subject, FileSystemStorage is pinned.
"""

from pathlib import Path, PurePosixPath

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.models import Application, Question
from networks.models import NetworkDocument, NetworkMember
from organisations import services as registry
from organisations.models import Document, EligibilityPeriod
from organisations.uploads import safe_original_name
from tests.factories import (
    CallFactory,
    GrantProgrammeFactory,
    MembershipFactory,
    NetworkFactory,
    UserFactory,
)
from tests.security.upload_samples import PDF, small_docx

pytestmark = pytest.mark.django_db

PATH_NAMES = [
    "../../etc/passwd.pdf",
    "..\\..\\windows\\win.ini.pdf",
    "C:\\x\\y.pdf",
    "/var/www/static/evil.pdf",
    "mapp/../../../årsmöte 2026.pdf",
]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("name", PATH_NAMES)
def test_safe_original_name_keeps_no_path(name):
    safe = safe_original_name(name)
    assert "/" not in safe
    assert "\\" not in safe
    assert ".." not in safe.replace("...", "")
    assert safe.endswith(".pdf")
    assert not safe.startswith(".")


def assert_stored_safely(stored_file, original_name):
    storage = stored_file.storage
    with storage.open(stored_file.name) as stored:
        assert stored.read() == PDF
    # The name in the store is random: nothing of the uploader's name or path reaches it.
    name = PurePosixPath(stored_file.name)
    assert not name.is_absolute()
    assert ".." not in name.parts
    assert "pdf" not in name.name
    assert "passwd" not in stored_file.name
    assert len(name.name) == 32
    assert int(name.name, 16) >= 0
    assert "/" not in original_name
    assert "\\" not in original_name
    assert original_name.endswith(".pdf")


def assert_private_download(response):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("name", PATH_NAMES)
def test_registry_document_with_a_path_in_its_name(client, name):
    membership = MembershipFactory()
    organisation = membership.organisation
    client.force_login(membership.user)
    response = client.post(
        reverse("organisations:documents", args=[organisation.pk]),
        {"year": 2026, "kind": "stadgar", "file": SimpleUploadedFile(name, PDF)},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert_stored_safely(document.file, document.original_name)

    url = reverse("organisations:document", args=[organisation.pk, document.pk])
    assert_private_download(client.get(url))
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_application_attachment_is_stored_and_served_privately(client):
    membership = MembershipFactory(organisation__approved=True)
    organisation = membership.organisation
    EligibilityPeriod.objects.create(
        organisation=organisation, valid_from="2020-01-01", valid_until="2099-12-31"
    )
    programme = GrantProgrammeFactory(committee__municipality=organisation.municipality)
    Question.objects.create(programme=programme, key="bilaga", label="Bilaga", field_type="file")
    call = CallFactory(programme=programme)
    client.force_login(membership.user)
    client.post(reverse("grants:start", args=[call.pk]), {"organisation": organisation.pk})
    application = Application.objects.get()
    client.post(
        reverse("grants:application", args=[application.pk]),
        {"action": "save", "q_bilaga": SimpleUploadedFile("C:\\x\\y.pdf", PDF)},
    )
    attachment = application.attachments.get()
    assert_stored_safely(attachment.file, attachment.original_name)

    url = reverse("grants:attachment", args=[application.pk, attachment.pk])
    assert_private_download(client.get(url))
    client.force_login(MembershipFactory().user)  # a member of another organisation
    assert client.get(url).status_code == 404


def test_network_document_is_stored_and_served_privately(client):
    member, stranger = UserFactory(), UserFactory()
    network = NetworkFactory()
    NetworkMember.objects.create(network=network, kind="individual", user=member)
    client.force_login(member)
    client.post(
        reverse("networks:document_upload", args=[network.pk]),
        {"title": "", "file": SimpleUploadedFile("../../etc/passwd.pdf", PDF)},
    )
    document = NetworkDocument.objects.get()
    assert_stored_safely(document.file, document.original_name)
    assert "/" not in document.title
    assert "\\" not in document.title

    url = reverse("networks:document", args=[network.pk, document.pk])
    assert_private_download(client.get(url))
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_on_the_filesystem_an_upload_lies_inside_media_root(client, settings):
    """The shipped store is a directory (FileSystemStorage, pinned here whatever the suite
    runs with): a name with a path in it still lands inside MEDIA_ROOT."""
    filesystem = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    settings.STORAGES = {**settings.STORAGES, "default": filesystem}
    membership = MembershipFactory()
    client.force_login(membership.user)
    client.post(
        reverse("organisations:documents", args=[membership.organisation.pk]),
        {"year": 2026, "kind": "stadgar", "file": SimpleUploadedFile(PATH_NAMES[0], PDF)},
    )
    document = Document.objects.get()
    path = Path(document.file.path).resolve()
    assert path.is_relative_to(Path(settings.MEDIA_ROOT).resolve()), path
    assert path.read_bytes() == PDF
    assert path.name == PurePosixPath(document.file.name).name


def test_media_is_outside_the_web_root_and_not_routed(client, settings):
    """Only STATIC_ROOT / the static directories are served by the web server; uploads
    are in none of them and no URL maps onto MEDIA_ROOT."""
    membership = MembershipFactory()
    client.force_login(membership.user)
    client.post(
        reverse("organisations:documents", args=[membership.organisation.pk]),
        {"year": 2026, "kind": "stadgar", "file": SimpleUploadedFile("s.pdf", PDF)},
    )
    document = Document.objects.get()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    for served in [Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)]:
        assert not media_root.is_relative_to(served.resolve())
    assert not settings.MEDIA_URL or settings.MEDIA_URL == "/"  # nothing configured
    for guess in [f"/media/{document.file.name}", f"/{document.file.name}",
                  f"/static/{document.file.name}"]:  # fmt: skip
        response = client.get(guess)
        assert response.status_code == 404, guess


def test_default_media_root_is_not_under_the_static_files():
    """The shipped default (var/media) sits beside, not inside, what whitenoise serves."""
    media = Path(django_settings.VAR_DIR, "media").resolve()
    assert not media.is_relative_to(Path(django_settings.BASE_DIR, "static").resolve())
    assert not media.is_relative_to(Path(django_settings.VAR_DIR, "staticfiles").resolve())


# The name kept and served follows the detected type, never the uploader's extension: a PDF
# called poly.html must not come back as HTML (browsers and office programs go by the name).
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
NAMES_BY_TYPE = [
    # (uploaded as, content, kept and served as, served type)
    ("poly.html", PDF, "poly.pdf", "application/pdf"),
    ("poly.pdf.html", PDF, "poly.pdf.pdf", "application/pdf"),
    ("protokoll", PDF, "protokoll.pdf", "application/pdf"),
    ("Protokoll.PDF", PDF, "Protokoll.PDF", "application/pdf"),
    ("bild.svg", PNG, "bild.png", "image/png"),
    ("budget.pdf", small_docx(), "budget.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
]  # fmt: skip


def assert_served_as(response, name, content_type, content):
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content


@pytest.mark.parametrize(
    ("uploaded", "content", "kept", "served_type"),
    NAMES_BY_TYPE,
    ids=[uploaded for uploaded, *_rest in NAMES_BY_TYPE],
)
def test_registry_document_is_named_and_served_by_its_detected_type(
    client, uploaded, content, kept, served_type
):
    membership = MembershipFactory()
    organisation = membership.organisation
    client.force_login(membership.user)
    client.post(
        reverse("organisations:documents", args=[organisation.pk]),
        {"year": 2026, "kind": "stadgar", "file": SimpleUploadedFile(uploaded, content)},
    )
    document = Document.objects.get()
    assert (document.original_name, document.content_type) == (kept, served_type)
    url = reverse("organisations:document", args=[organisation.pk, document.pk])
    assert_served_as(client.get(url), kept, served_type, content)


def test_application_attachment_is_named_and_served_by_its_detected_type(client):
    membership = MembershipFactory(organisation__approved=True)
    organisation = membership.organisation
    EligibilityPeriod.objects.create(
        organisation=organisation, valid_from="2020-01-01", valid_until="2099-12-31"
    )
    programme = GrantProgrammeFactory(committee__municipality=organisation.municipality)
    Question.objects.create(programme=programme, key="bilaga", label="Bilaga", field_type="file")
    call = CallFactory(programme=programme)
    client.force_login(membership.user)
    client.post(reverse("grants:start", args=[call.pk]), {"organisation": organisation.pk})
    application = Application.objects.get()
    client.post(
        reverse("grants:application", args=[application.pk]),
        {"action": "save", "q_bilaga": SimpleUploadedFile("poly.html", PDF)},
    )
    attachment = application.attachments.get()
    assert attachment.original_name == "poly.pdf"
    url = reverse("grants:attachment", args=[application.pk, attachment.pk])
    assert_served_as(client.get(url), "poly.pdf", "application/pdf", PDF)


def test_network_document_is_named_and_served_by_its_detected_type(client):
    member = UserFactory()
    network = NetworkFactory()
    NetworkMember.objects.create(network=network, kind="individual", user=member)
    client.force_login(member)
    client.post(
        reverse("networks:document_upload", args=[network.pk]),
        {"title": "", "file": SimpleUploadedFile("poly.html", PDF)},
    )
    document = NetworkDocument.objects.get()
    assert (document.original_name, document.title) == ("poly.pdf", "poly.pdf")
    url = reverse("networks:document", args=[network.pk, document.pk])
    assert_served_as(client.get(url), "poly.pdf", "application/pdf", PDF)


def test_a_file_stored_under_its_uploaded_name_is_served_with_its_type(client):
    """Rows kept from before the names followed the type are served by the type too."""
    membership = MembershipFactory()
    organisation = membership.organisation
    document = registry.document_upload(
        organisation=organisation, year=2026, kind="stadgar",
        uploaded=SimpleUploadedFile("poly.pdf", PDF), by=membership.user,
    )  # fmt: skip
    Document.objects.filter(pk=document.pk).update(original_name="poly.html")
    client.force_login(membership.user)
    url = reverse("organisations:document", args=[organisation.pk, document.pk])
    assert_served_as(client.get(url), "poly.pdf", "application/pdf", PDF)
    Document.objects.filter(pk=document.pk).update(content_type="text/html")
    assert_served_as(client.get(url), "poly.bin", "application/octet-stream", PDF)
