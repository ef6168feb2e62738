"""Checks on uploaded documents: type by content (not by name), size, safe file names."""

import os

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

# Content types detected from the file's first bytes -> what we accept them as.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.oasis.opendocument.text": "OpenDocument",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument",
    "application/msword": "Word",
    "application/vnd.ms-excel": "Excel",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
}


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def validate_upload(uploaded) -> str:
    """Return the detected content type, or raise ValidationError with a clear message."""
    if uploaded.size > max_upload_bytes():
        raise ValidationError(
            _("The file is too large (%(size)s MB). The limit is %(limit)s MB."),
            code="too_large",
            params={"size": round(uploaded.size / 1024 / 1024, 1), "limit": settings.MAX_UPLOAD_MB},
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("The file's content is not an accepted type. Upload a PDF, a Word or Excel "
              "file, an OpenDocument file or an image (JPEG, PNG)."),
            code="type",
        )  # fmt: skip
    return kind.mime


def safe_original_name(name: str) -> str:
    """The file's own name without any path, reduced to safe characters."""
    base = os.path.basename(name.replace("\\", "/")) or "dokument"
    return get_valid_filename(base)[:200] or "dokument"


def store_checked_upload(instance, uploaded):
    """Check ``uploaded`` and save it into ``instance.file`` (a model with original_name,
    content_type and size fields); raises ValidationError for a refused file."""
    instance.content_type = validate_upload(uploaded)
    instance.original_name = safe_original_name(uploaded.name)
    instance.size = uploaded.size
    instance.file.save(instance.original_name, uploaded, save=False)
    instance.save()
    return instance


def private_download(stored_file, original_name: str, content_type: str):
    """Serve a privately stored file (after the caller's permission check): as an
    attachment, its type not sniffed, and never kept in shared caches."""
    from django.http import FileResponse

    response = FileResponse(
        stored_file.open("rb"),
        as_attachment=True,
        filename=original_name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
