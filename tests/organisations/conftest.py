import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def pdf_file():
    def make(name="arsmote.pdf", content=PDF):
        return SimpleUploadedFile(name, content, content_type="application/pdf")

    return make


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploads go to a throw-away private directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
