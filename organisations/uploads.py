"""Checks on uploaded documents: type by content (not by name), size, safe file names, and
no zip bombs inside the zip-based office formats.

Markup (HTML, SVG, XML) is never accepted: it is not in ``ALLOWED_TYPES``, whatever its name.
"""

import os
import zipfile
import zlib

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


# Word/Excel (OOXML) and OpenDocument files are zip archives: a small upload could unpack
# to gigabytes in the officer's office program or in anything that reads it later.
ZIP_BASED_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
}
MAX_ZIP_MEMBERS = 5000
# Unpacked size / packed size above which a larger archive is a bomb (office XML: ~5-50).
MAX_ZIP_RATIO = 200
ZIP_RATIO_FROM_BYTES = 10 * 1024 * 1024


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def max_unzipped_bytes() -> int:
    return settings.MAX_UNZIPPED_MB * 1024 * 1024


def _zip_refused(code: str) -> ValidationError:
    messages = {
        "zip_too_large": _(
            "The file unpacks to more data than a document may hold (%(limit)s MB at most) "
            "and is refused."
        ),
        "zip_bomb": _(
            "The file is packed in an unusual way (it unpacks to far more than its size or "
            "holds very many parts) and is refused. Save it again from your office program."
        ),
        "zip_damaged": _(
            "The file is damaged and cannot be opened. Save it again and upload it anew."
        ),
    }
    return ValidationError(messages[code], code=code, params={"limit": settings.MAX_UNZIPPED_MB})


def check_zip_archive(uploaded) -> None:
    """Refuse a zip-based document that unpacks to too much (a zip bomb) or is damaged.

    Reads the archive's directory (the sizes it declares) first and refuses without
    unpacking anything when they are too large; then unpacks each member into nothing to
    check its CRC, which also catches members that are larger than they declare (Python's
    zip reader stops at the declared size, so this reads at most ``MAX_UNZIPPED_MB``).
    """
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if unpacked > max_unzipped_bytes():
                raise _zip_refused("zip_too_large")
            if len(members) > MAX_ZIP_MEMBERS:
                raise _zip_refused("zip_bomb")
            if unpacked > ZIP_RATIO_FROM_BYTES and unpacked > MAX_ZIP_RATIO * uploaded.size:
                raise _zip_refused("zip_bomb")
            if archive.testzip() is not None:
                raise _zip_refused("zip_damaged")
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        NotImplementedError,
        EOFError,
        OSError,
    ):
        raise _zip_refused("zip_damaged") from None
    except RuntimeError:  # an encrypted member: it cannot be checked, nor read by officers
        raise _zip_refused("zip_damaged") from None
    finally:
        uploaded.seek(0)


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
    if kind.mime in ZIP_BASED_TYPES:
        check_zip_archive(uploaded)
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
