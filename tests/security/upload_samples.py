"""Hostile and harmless files for the upload tests, built in memory.

The zip bombs are real: their members do unpack to the sizes they declare (or, for the
lying one, to far more), so a validator that unpacked them naively would be caught out.
"""

import gzip
import io
import struct
import zipfile
from functools import cache

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML_AS_PDF = b"<!DOCTYPE html><html><body><script>fetch('/x?c='+document.cookie)</script>"
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.domain)</script><rect width='10' height='10'/></svg>"
)
MB = 1024 * 1024


def _docx(members: dict[str, int | bytes], *, level=9) -> bytes:
    """A Word-shaped zip (first member under word/, as Word writes it); an int member is
    that many MB of zeros, written in chunks so the test never holds it in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, content in members.items():
            if isinstance(content, bytes):
                archive.writestr(name, content)
                continue
            with archive.open(name, "w", force_zip64=True) as member:
                for _ in range(content):
                    member.write(bytes(MB))
    return buffer.getvalue()


def small_docx() -> bytes:
    """A harmless Word document: a few KB that unpack to about 1 MB."""
    return _docx({"word/document.xml": 1, "[Content_Types].xml": b"<Types/>"})


@cache
def docx_bomb() -> bytes:
    """~150 KB that unpack to 150 MB: over the 100 MB limit."""
    return _docx({"word/document.xml": 150, "[Content_Types].xml": b"<Types/>"})


@cache
def docx_ratio_bomb() -> bytes:
    """~60 KB that unpack to 60 MB: under the size limit, but a ratio of ~1000:1."""
    return _docx({"word/document.xml": 60, "[Content_Types].xml": b"<Types/>"})


def docx_many_members(count=6000) -> bytes:
    members = {f"word/media/{n}.xml": b"<a/>" for n in range(count)}
    return _docx({"word/document.xml": b"<w/>", **members})


@cache
def docx_lying_about_size() -> bytes:
    """A member that declares 1 KB but unpacks to 20 MB (both headers patched after
    writing): a check that only trusted the declared sizes would let it through."""
    data = bytearray(_docx({"word/document.xml": bytes(20 * MB), "[Content_Types].xml": b"<T/>"}))
    patched = 0
    # (signature, offset of the uncompressed size, of the name length, of the name)
    for signature, size_at, name_length_at, name_at in (
        (b"PK\x03\x04", 22, 26, 30),
        (b"PK\x01\x02", 24, 28, 46),
    ):
        at = data.find(signature)
        while at != -1:
            (name_length,) = struct.unpack_from("<H", data, at + name_length_at)
            name = bytes(data[at + name_at : at + name_at + name_length])
            if name == b"word/document.xml":
                struct.pack_into("<I", data, at + size_at, 1024)
                patched += 1
            at = data.find(signature, at + 4)
    assert patched == 2, "the test archive was not patched"
    return bytes(data)


# Archives nested inside office files (word/embeddings/ holds the workbook behind a chart;
# old pictures are gzip-compressed .emz). Each is a real Word-shaped file around the member.


def _docx_holding(name: str, member: bytes) -> bytes:
    return _docx({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>", name: member})


def _gzip_of_zeros(megabytes: int) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as stream:
        for _ in range(megabytes):
            stream.write(bytes(MB))
    return buffer.getvalue()


def small_xlsx() -> bytes:
    return _docx({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def docx_with_chart_and_emz() -> bytes:
    """A harmless document as Word writes one with a chart (its workbook embedded as a zip)
    and an old compressed picture (.emz, gzip)."""
    return _docx({
        "[Content_Types].xml": b"<Types/>",
        "word/document.xml": b"<w/>",
        "word/embeddings/Microsoft_Excel_Worksheet.xlsx": small_xlsx(),
        "word/media/image1.emz": gzip.compress(b"\x01\x00\x00\x00" + bytes(2000)),
    })  # fmt: skip


@cache
def docx_with_nested_bomb() -> bytes:
    """~2 KB holding a 500 KB "workbook" that unpacks to 500 MB (a zip bomb inside
    word/embeddings/)."""
    bomb = _docx({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": 500})
    return _docx_holding("word/embeddings/Microsoft_Excel_Worksheet.xlsx", bomb)


@cache
def docx_with_nested_ratio_bomb() -> bytes:
    """A nested workbook of 60 MB of zeros: under the size limit, a ratio of ~1000:1."""
    return _docx_holding("word/embeddings/Microsoft_Excel_Worksheet.xlsx", docx_ratio_bomb())


@cache
def docx_with_gzip_bomb() -> bytes:
    """A .emz picture (gzip) of 150 KB that unpacks to 150 MB."""
    return _docx_holding("word/media/image1.emz", _gzip_of_zeros(150))


@cache
def docx_with_nested_lying_member() -> bytes:
    """A nested workbook whose member unpacks to far more than it declares."""
    return _docx_holding("word/embeddings/Microsoft_Excel_Worksheet.xlsx", docx_lying_about_size())


def docx_nested_too_deep(levels=4) -> bytes:
    """A document inside a document inside ... (``levels`` zips in all)."""
    content = small_docx()
    for _ in range(levels - 1):
        content = _docx_holding("word/embeddings/Document.docx", content)
    return content


def docx_with_7z() -> bytes:
    """A 7-Zip archive as a member: a kind no office program writes, and none we can open."""
    return _docx_holding("word/embeddings/data.bin", b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(64))


def docx_with_zip_in_gzip() -> bytes:
    """A zip inside a gzip stream inside the document."""
    return _docx_holding("word/media/image1.emz", gzip.compress(small_xlsx()))


def docx_with_nested_zeros(megabytes: int) -> bytes:
    """A nested workbook that unpacks to ``megabytes`` MB (under the ratio check if < 10)."""
    workbook = _docx({"xl/workbook.xml": megabytes})
    return _docx_holding("word/embeddings/Microsoft_Excel_Worksheet.xlsx", workbook)


def docx_with_emz_zeros(megabytes: int) -> bytes:
    """A gzip picture that unpacks to ``megabytes`` MB."""
    return _docx_holding("word/media/image1.emz", _gzip_of_zeros(megabytes))
