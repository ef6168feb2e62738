"""Checks on uploaded documents: type by content (not by name), size, safe file names whose
extension follows the detected type, and no zip bombs inside the zip-based office formats
(nested archives included).

Markup (HTML, SVG, XML) is never accepted: it is not in ``ALLOWED_TYPES``, whatever its name.
"""

import bz2
import gzip
import io
import lzma
import os
import zipfile
import zlib
from dataclasses import dataclass

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


# The extensions a stored file may keep for its detected type; the first is given to a file
# whose name has none of them (a PDF uploaded as poly.html is stored and served as poly.pdf).
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "application/vnd.oasis.opendocument.spreadsheet": (".ods",),
    "application/msword": (".doc",),
    "application/vnd.ms-excel": (".xls",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}
UNKNOWN_TYPE = "application/octet-stream"


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
# Office files hold other office files as zip members (the workbook behind a chart in
# word/embeddings/, a document inside a workbook): those are opened too, down to this depth
# (1 is the uploaded file itself).
MAX_ARCHIVE_DEPTH = 3
# Compressed streams that office programs write as members (gzip: .emz/.wmz pictures) and
# that the standard library reads: unpacked in a stream and counted, never kept.
STREAM_READERS = {
    "gzip": lambda stream: gzip.GzipFile(fileobj=stream, mode="rb"),
    "bzip2": bz2.BZ2File,
    "xz": lzma.LZMAFile,
}
CHUNK = 64 * 1024


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
        "zip_nested": _(
            "The file holds a packed archive that cannot be checked (nested too deep, or of "
            "a kind office programs do not write) and is refused. Remove the embedded file "
            "and save the document again."
        ),
    }
    return ValidationError(messages[code], code=code, params={"limit": settings.MAX_UNZIPPED_MB})


def archive_kind(head: bytes) -> str | None:
    """What kind of archive or compressed stream ``head`` (a file's first bytes) opens, if
    any: "zip", one of ``STREAM_READERS``, or "other" for kinds that are never opened."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"\x1f\x8b\x08"):
        return "gzip"
    if head.startswith(b"BZh") and head[3:4].isdigit() and head[4:10] == b"1AY&SY":
        return "bzip2"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    others = (
        b"PK\x07\x08",  # a split zip
        b"7z\xbc\xaf\x27\x1c",  # 7-Zip
        b"Rar!\x1a\x07",  # RAR
        b"\x28\xb5\x2f\xfd",  # Zstandard
        b"\x04\x22\x4d\x18",  # LZ4
        b"MSCF",  # Microsoft cabinet
        b"\x1f\x9d",  # compress (.Z)
        b"\x1f\xa0",  # LZH
        b"LZIP",
    )
    if head.startswith(others) or head[257:262] == b"ustar":  # ... or a tar file
        return "other"
    return None


@dataclass
class _Unpacked:
    """What the upload unpacks to so far, nested archives included, against the limits."""

    packed_size: int
    size: int = 0
    members: int = 0

    def add(self, size: int, members: int = 0) -> None:
        self.size += size
        self.members += members
        if self.size > max_unzipped_bytes():
            raise _zip_refused("zip_too_large")
        if self.members > MAX_ZIP_MEMBERS:
            raise _zip_refused("zip_bomb")
        if self.size > ZIP_RATIO_FROM_BYTES and self.size > MAX_ZIP_RATIO * self.packed_size:
            raise _zip_refused("zip_bomb")


def _check_zip(file, unpacked: _Unpacked, depth: int) -> None:
    """Count the sizes ``file``'s directory declares (refusing before anything is unpacked),
    then read every member through, which checks its CRC and opens nested archives."""
    with zipfile.ZipFile(file) as archive:
        members = archive.infolist()
        unpacked.add(sum(member.file_size for member in members), len(members))
        for member in members:
            with archive.open(member) as stream:
                _check_member(stream, member, unpacked, depth)


def _check_member(stream, member: zipfile.ZipInfo, unpacked: _Unpacked, depth: int) -> None:
    kind = archive_kind(stream.peek(512)[:512])
    if kind == "zip":
        if depth >= MAX_ARCHIVE_DEPTH:
            raise _zip_refused("zip_nested")
        if member.file_size > max_upload_bytes():  # kept in memory: no larger than an upload
            raise _zip_refused("zip_bomb")
        nested = io.BytesIO(stream.read())  # at most the declared (counted) size, CRC checked
        _check_zip(nested, unpacked, depth + 1)
    elif kind in STREAM_READERS:
        with STREAM_READERS[kind](stream) as inner:
            chunk = inner.read(CHUNK)
            if archive_kind(chunk) is not None:  # an archive inside a compressed stream
                raise _zip_refused("zip_nested")
            while chunk:
                unpacked.add(len(chunk))
                chunk = inner.read(CHUNK)
    elif kind is not None:
        raise _zip_refused("zip_nested")
    while stream.read(CHUNK):  # to the member's end, where its CRC is checked
        pass


def check_zip_archive(uploaded) -> None:
    """Refuse a zip-based document that unpacks to too much (a zip bomb), holds an archive
    that cannot be checked, or is damaged.

    Reads the archive's directory (the sizes it declares) first and refuses without
    unpacking anything when they are too large; then unpacks each member into nothing to
    check its CRC, which also catches members that are larger than they declare (Python's
    zip reader stops at the declared size, so this reads at most ``MAX_UNZIPPED_MB``).

    Nested archives are checked, not refused outright, because office programs write them
    in ordinary documents (a chart in Word keeps its workbook as a zip member, old pictures
    are gzip-compressed .emz): a nested zip is opened the same way, down to
    ``MAX_ARCHIVE_DEPTH``, and a gzip, bzip2 or xz member is unpacked in a stream; what
    they unpack to counts towards the same ``MAX_UNZIPPED_MB``, number of parts and ratio as
    the file itself, so a zip bomb inside ``word/embeddings/`` is refused like one on top.
    Deeper nesting, an archive inside a compressed stream and archive kinds that office
    programs never write (7z, RAR, tar, cab, ...) cannot be checked and are refused.
    What an embedded OLE object (``oleObject1.bin``) holds is counted at its own size only.
    """
    uploaded.seek(0)
    try:
        _check_zip(uploaded, _Unpacked(packed_size=uploaded.size), depth=1)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        lzma.LZMAError,
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


def name_for_type(name: str, content_type: str) -> str:
    """``name`` with an extension of the detected type: a browser or an office program
    goes by the extension, so a PDF uploaded as ``poly.html`` must never come back as HTML."""
    extensions = EXTENSIONS.get(content_type, (".bin",))
    stem, extension = os.path.splitext(name)
    if extension.lower() in extensions:
        return name
    stem = stem or "dokument"
    return stem[: 200 - len(extensions[0])] + extensions[0]


def store_checked_upload(instance, uploaded):
    """Check ``uploaded`` and save it into ``instance.file`` (a model with original_name,
    content_type and size fields); raises ValidationError for a refused file. The name kept
    (and later served) has the detected type's extension, whatever the uploader called it."""
    instance.content_type = validate_upload(uploaded)
    instance.original_name = name_for_type(safe_original_name(uploaded.name), instance.content_type)
    instance.size = uploaded.size
    instance.file.save(instance.original_name, uploaded, save=False)
    instance.save()
    return instance


def private_download(stored_file, original_name: str, content_type: str):
    """Serve a privately stored file (after the caller's permission check): as an
    attachment named with its detected type's extension (also for rows stored before the
    names followed the type), with that type, not sniffed, and never kept in shared caches."""
    from django.http import FileResponse

    if content_type not in EXTENSIONS:
        content_type = UNKNOWN_TYPE
    response = FileResponse(
        stored_file.open("rb"),
        as_attachment=True,
        filename=name_for_type(original_name, content_type),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
