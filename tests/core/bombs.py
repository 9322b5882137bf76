"""Files that unpack far beyond their size ("bombs"), built at test time.

Each is built by streaming, so building one costs little memory; the .docx takes a
couple of seconds of compression, so tests build it once per session.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO

from openpyxl import Workbook

MB = 1024 * 1024
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bomb(path: Path | IO[bytes], unpacked: int = 400 * MB) -> Path | IO[bytes]:
    """A .docx whose document.xml unpacks to ``unpacked`` bytes of paragraphs."""
    paragraph = "<w:p><w:r><w:t>（1）问题问题问题问题</w:t></w:r></w:p>".encode() * 1000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        with archive.open("word/document.xml", "w", force_zip64=unpacked > 1 << 31) as member:
            member.write(f'<w:document xmlns:w="{_W}"><w:body>'.encode())
            for _ in range(unpacked // len(paragraph)):
                member.write(paragraph)
            member.write(b"</w:body></w:document>")
    return path


def docx_understating_its_size(unpacked: int = 50 * MB, declared: int = 1000) -> bytes:
    """A .docx whose zip records document.xml as ``declared`` bytes while it unpacks to
    ``unpacked``: a reader asking for the whole member would unpack all of it first."""
    out = io.BytesIO()
    docx_bomb(out, unpacked)
    data = bytearray(out.getvalue())
    name = b"word/document.xml"
    # Local header: size at +22, name length at +26, name at +30; central: +24, +28, +46.
    for signature, size_at, length_at, name_at in (
        (b"PK\x03\x04", 22, 26, 30),
        (b"PK\x01\x02", 24, 28, 46),
    ):
        pos = data.find(signature)
        while pos >= 0:
            (length,) = struct.unpack_from("<H", data, pos + length_at)
            if data[pos + name_at : pos + name_at + length] == name:
                struct.pack_into("<I", data, pos + size_at, declared)
            pos = data.find(signature, pos + 4)
    return bytes(data)


def _workbook(rows: int = 1, text: str = "清理台账") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "反馈问题", "整改措施", "责任单位", "整改时限"])
    for n in range(1, rows + 1):
        sheet.append([n, f"问题{n}", text, "镇党政办", "2025-06-30"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rewrite(
    data: bytes, changes: dict[str, Callable[[bytes], bytes]], added: dict[str, bytes] | None = None
) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename in changes:
                content = changes[info.filename](content)
            target.writestr(info.filename, content)
        for name, content in (added or {}).items():
            target.writestr(name, content)
    return out.getvalue()


_SST_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def xlsx_long_string(chars: int = 10 * MB) -> bytes:
    """A workbook of one row whose measure cell (C2) is a shared string of ``chars``
    characters (10 M by default: a 12 KB upload)."""
    shared = (
        f'<sst xmlns="{_MAIN}" count="1" uniqueCount="1"><si><t>'.encode()
        + b"x" * chars
        + b"</t></si></sst>"
    )
    return _rewrite(
        _workbook(),
        {
            "xl/worksheets/sheet1.xml": lambda xml: re.sub(
                rb'<c r="C2" t="inlineStr"><is><t>[^<]*</t></is></c>',
                b'<c r="C2" t="s"><v>0</v></c>',
                xml,
            ),
            "[Content_Types].xml": lambda xml: xml.replace(b"</Types>", _SST_TYPE.encode()),
        },
        {"xl/sharedStrings.xml": shared},
    )


def xlsx_long_inline_text(chars: int = 40_000) -> bytes:
    """A workbook whose measure cell (C2) is an inline string of ``chars`` characters."""
    return _rewrite(
        _workbook(),
        {
            "xl/worksheets/sheet1.xml": lambda xml: re.sub(
                rb'(<c r="C2" t="inlineStr"><is><t>)[^<]*', rb"\g<1>" + "题".encode() * chars, xml
            )
        },
    )


def xlsx_wide_grid(rows: int = 200, last_column: str = "XFD") -> bytes:
    """A workbook of ``rows`` short rows that declares its sheet as wide as Excel allows,
    so a reader pads every row to 16,384 cells."""
    dimension = f'<dimension ref="A1:{last_column}{rows + 1}"'.encode()
    return _rewrite(
        _workbook(rows=rows),
        {
            "xl/worksheets/sheet1.xml": lambda xml: re.sub(
                rb'<dimension ref="[^"]*"', dimension, xml
            )
        },
    )


def zip_of_many_members(count: int = 3_000) -> bytes:
    """A .docx-looking zip holding ``count`` empty files."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for n in range(count):
            archive.writestr(f"word/media/{n}.xml", "")
    return out.getvalue()


def html_of_many_tags(tags: int = 600_000) -> bytes:
    """A web page of ``tags`` empty paragraphs."""
    return b"<html><body>" + b"<p>" * tags + b"</body></html>"


def ordinary_workbook(rows: int = 3) -> bytes:
    """A small, honest ledger workbook."""
    return _workbook(rows=rows)


_SHOW = b"BT /F1 12 Tf 72 720 Td (Wenti wenti wenti) Tj ET\n" * 1000
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _deflated(unpacked: int) -> bytes:
    """About ``unpacked`` bytes of text-showing operators, FlateDecode-compressed."""
    packer = zlib.compressobj(9)
    chunks = [packer.compress(_SHOW) for _ in range(max(1, unpacked // len(_SHOW)))]
    return b"".join(chunks) + packer.flush()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    head = b"<< %s/Length %d /Filter /FlateDecode >>\nstream\n" % (extra, len(data))
    return head + data + b"\nendstream"


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1, the catalog first) with its xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_bomb(unpacked: int = 70 * MB, pages: int = 1) -> bytes:
    """A PDF of ``pages`` pages sharing one content stream that inflates (FlateDecode) to
    ``unpacked`` bytes of text-showing operators; a few hundred KB on disk."""
    kids = " ".join(f"{4 + n} 0 R" for n in range(pages))
    font = 4 + pages
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids.encode() + b"] /Count %d >>" % pages,
            _stream(_deflated(unpacked)),
            *[
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R"
                b" /Resources << /Font << /F1 %d 0 R >> >> >>" % font
                for _ in range(pages)
            ],
            _FONT,
        ]
    )


def pdf_form_bomb(form: int = 1 * MB, draws: int = 20) -> bytes:
    """A one-page PDF whose tiny content draws one form XObject of ``form`` bytes of
    operators ``draws`` times: text extraction parses the form each time."""
    resources = b"<< /Font << /F1 6 0 R >> /XObject << /X1 5 0 R >> >>"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources " + resources + b" >>",
            _stream(zlib.compress(b"/X1 Do\n" * draws)),
            _stream(
                _deflated(form),
                b"/Type /XObject /Subtype /Form /BBox [0 0 612 792]"
                b" /Resources << /Font << /F1 6 0 R >> >> ",
            ),
            _FONT,
        ]
    )
