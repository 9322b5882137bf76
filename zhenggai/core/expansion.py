"""How big an uploaded document becomes once unpacked, checked before anything parses it.

A .docx or .xlsx is a zip of XML: a 1 MB upload can unpack to gigabytes of XML, a
12 KB workbook can hold one 10 MB string, and a sheet can declare a grid of a
billion cells that openpyxl pads every row to. These checks read only the zip's
directory, and stream the few members whose content matters (shared strings, the
sheets) in small blocks, so a bomb is refused in well under a second and a few MB.

The limits are a :class:`ExpansionLimits` passed in by the caller (Django reads them
from ``settings.ZHENGGAI["EXPANSION_LIMITS"]``; ``zhenggai parse`` uses the defaults).
Every refusal raises :class:`ExpansionRefused` with the reason in Chinese and English.

A PDF is bounded while pypdf reads it (:class:`PdfBudget`): its page count, every
decoded stream (pypdf's own limits, :func:`pypdf_limits`), the decoded page contents
together before any text is extracted, and the text extracted so far.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

MB = 1024 * 1024
_BLOCK = 1 << 20
_SHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_SHARED = "xl/sharedStrings.xml"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROW = re.compile(rb"<row[\s>/]")
_CELL = re.compile(rb"<c[\s>/]")
_CELL_COLUMN = re.compile(rb'<c\b[^>]*?\sr="([A-Z]{1,3})\d')
_DIMENSION = re.compile(rb'<dimension\s+ref="(?:[A-Z]{1,3}\d+:)?([A-Z]{1,3})\d+"')
_ENTITY = re.compile(rb"&#?\w{1,10};")


@dataclass(frozen=True)
class ExpansionLimits:
    """Upper bounds on what an upload may unpack to; the defaults hold any real notice or
    ledger with room to spare (a 300-page notice's document.xml is under 10 MB)."""

    members: int = 2_000  # files inside one zip
    unpacked_bytes: int = 200 * MB  # all members together, unpacked
    member_bytes: int = 40 * MB  # any one member, unpacked (document.xml, a sheet, …)
    ratio: int = 100  # unpacked ÷ packed, for a member larger than ratio_floor
    ratio_floor: int = 4 * MB
    shared_strings_bytes: int = 20 * MB  # xl/sharedStrings.xml, unpacked
    cell_chars: int = 32_767  # Excel's own limit on the text of one cell
    cells: int = 2_000_000  # rows × widest row of a sheet, as a reader materialises it
    html_bytes: int = 20 * MB
    html_tags: int = 500_000
    # A PDF is read page by page with pypdf, at about 5 µs per byte of page content on a
    # busy machine (a 13-page notice: 600 KB, 3 s), and more than linearly within one
    # stream; a page of a real notice holds ~50 KB.
    pdf_pages: int = 1_000
    pdf_stream_bytes: int = 2 * MB  # any one stream, decoded (FlateDecode, LZW, …)
    pdf_content_bytes: int = 8 * MB  # all pages' content streams together, decoded
    pdf_text_chars: int = 2_000_000  # the text extracted from all pages


class ExpansionRefused(Exception):
    """The upload would unpack beyond a limit; ``reason`` is for the person who sent it."""

    def __init__(self, reason: str, reason_en: str) -> None:
        super().__init__(f"{reason} / {reason_en}")
        self.reason = reason
        self.reason_en = reason_en


_ADVICE = "可能是损坏或特意构造的文件，请在Word、WPS或Excel中重新另存后再上传"
_ADVICE_EN = "the file may be damaged or crafted; save it again in Word, WPS or Excel"


_PDF_ADVICE = "可能是损坏或特意构造的文件，请重新导出PDF，或上传Word/文本版本"
_PDF_ADVICE_EN = (
    "the file may be damaged or crafted; export the PDF again, or upload the Word or text version"
)


def _refuse(what: str, what_en: str, *, pdf: bool = False) -> ExpansionRefused:
    advice, advice_en = (_PDF_ADVICE, _PDF_ADVICE_EN) if pdf else (_ADVICE, _ADVICE_EN)
    return ExpansionRefused(f"{what}：{advice}。", f"{what_en}: {advice_en}")


def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB" if size < 10 * MB else f"{size // MB} MB"


def is_zip(data: bytes) -> bool:
    """True for a zip container (.docx, .xlsx, .pptx, …)."""
    return data[:4] == b"PK\x03\x04"


def _declared_entries(data: bytes) -> int | None:
    """The member count the zip's end record declares, read without building the
    directory (a crafted directory of a million entries costs hundreds of MB to load)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return None
    (count,) = struct.unpack_from("<H", data, end + 10)
    if count != 0xFFFF:
        return int(count)
    locator = end - 20
    if locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":
        (offset,) = struct.unpack_from("<Q", data, locator + 8)
        if offset + 40 <= len(data) and data[offset : offset + 4] == b"PK\x06\x06":
            (count64,) = struct.unpack_from("<Q", data, offset + 32)
            return int(count64)
    return None


def check_zip(data: bytes, limits: ExpansionLimits) -> zipfile.ZipFile | None:
    """Check a zip's directory against ``limits``; returns the opened zip, or None when
    the bytes are not a readable zip (the caller reports that in its own words).

    The directory's sizes are then confirmed by unpacking each member in small blocks:
    Python's zipfile cuts a member at its declared size (and fails its checksum), but a
    reader asking for a whole member would first unpack all of it into memory, so a
    directory that understates a size is refused here, after its first block.
    """
    count = _declared_entries(data)
    if count is not None and count > limits.members:
        raise _refuse(
            f"压缩包内有 {count} 个文件，超过上限 {limits.members} 个",
            f"{count} files inside the archive, more than {limits.members}",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    members = archive.infolist()
    if len(members) > limits.members:
        raise _refuse(
            f"压缩包内有 {len(members)} 个文件，超过上限 {limits.members} 个",
            f"{len(members)} files inside the archive, more than {limits.members}",
        )
    total = 0
    for info in members:
        size = info.file_size
        total += size
        if size > limits.member_bytes:
            raise _refuse(
                f"文件内的 {info.filename} 解压后有 {_mb(size)}，"
                f"超过上限 {_mb(limits.member_bytes)}",
                f"{info.filename} unpacks to {_mb(size)}, more than {_mb(limits.member_bytes)}",
            )
        if size > limits.ratio_floor and size > limits.ratio * max(info.compress_size, 1):
            ratio = size // max(info.compress_size, 1)
            raise _refuse(
                f"文件内的 {info.filename} 压缩比为 {ratio}:1，超过上限 {limits.ratio}:1",
                f"{info.filename} is compressed {ratio}:1, more than {limits.ratio}:1",
            )
    if total > limits.unpacked_bytes:
        raise _refuse(
            f"文件解压后共有 {_mb(total)}，超过上限 {_mb(limits.unpacked_bytes)}",
            f"the archive unpacks to {_mb(total)}, more than {_mb(limits.unpacked_bytes)}",
        )
    for info in members:
        _confirm_size(archive, info)
    return archive


def _confirm_size(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    try:
        with archive.open(info) as stream:
            while stream.read(_BLOCK):
                pass
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError) as error:
        raise _refuse(
            f"文件内的 {info.filename} 已损坏，或与记录的大小不符",
            f"{info.filename} is damaged or larger than the archive records",
        ) from error


def check_xlsx(data: bytes, limits: ExpansionLimits) -> None:
    """Check a workbook before openpyxl reads it: the zip (:func:`check_zip`), the shared
    strings (their size and the longest string) and each sheet's materialised grid."""
    archive = check_zip(data, limits)
    if archive is None:
        return
    names = set(archive.namelist())
    if _SHARED in names:
        _check_shared_strings(archive, limits)
    for name in sorted(n for n in names if _SHEET.match(n)):
        _check_sheet(archive, name, limits)


def _too_long_cell(limits: ExpansionLimits, where: str, where_en: str) -> ExpansionRefused:
    return _refuse(
        f"{where}有单元格超过 {limits.cell_chars} 个字符(Excel单元格的上限)",
        f"{where_en} has a cell longer than {limits.cell_chars} characters (Excel's limit)",
    )


def _check_shared_strings(archive: zipfile.ZipFile, limits: ExpansionLimits) -> None:
    from lxml import etree

    size = archive.getinfo(_SHARED).file_size
    if size > limits.shared_strings_bytes:
        raise _refuse(
            f"表格的共享字符串解压后有 {_mb(size)}，超过上限 {_mb(limits.shared_strings_bytes)}",
            f"the shared strings unpack to {_mb(size)}, "
            f"more than {_mb(limits.shared_strings_bytes)}",
        )
    # A string's length is the sum of its rich-text runs, so it is measured per <si>.
    too_long = _too_long_cell(limits, "表格中", "the workbook")
    try:
        with archive.open(_SHARED) as stream:
            for _, item in etree.iterparse(
                stream,
                events=("end",),
                tag=f"{{{_MAIN_NS}}}si",
                resolve_entities=False,
                no_network=True,
            ):
                length = sum(len(t.text or "") for t in item.iter(f"{{{_MAIN_NS}}}t"))
                if length > limits.cell_chars:
                    raise too_long
                item.clear(keep_tail=False)
                while item.getprevious() is not None:
                    del item.getparent()[0]
    except etree.XMLSyntaxError as error:
        # libxml2 itself refuses a text node over 10 MB: the same verdict.
        if "huge" in str(error).lower():
            raise too_long from error
        return  # damaged XML: openpyxl will say so in its own words
    except (zipfile.BadZipFile, OSError, EOFError):
        return


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _characters(run: bytes) -> int:
    """Characters in a run of XML text: an entity (&amp; &#24207;) is one."""
    return len(_ENTITY.sub(b"&", run).decode("utf-8", "replace"))


def _check_sheet(archive: zipfile.ZipFile, name: str, limits: ExpansionLimits) -> None:
    """Stream a sheet in blocks cut just before a ``<`` (so no tag is split) counting
    rows, cells and the widest column, and measuring text runs that could exceed a cell."""
    rows = cells = widest = 0
    too_long = False
    # A run shorter than this many bytes cannot hold more characters than a cell may;
    # a run longer than ``sure`` bytes must (no character takes more than 10 bytes).
    long_run = re.compile(rb">([^<]{%d,})" % (limits.cell_chars + 1))
    sure = 10 * limits.cell_chars + 100

    def visit(block: bytes) -> None:
        nonlocal rows, cells, widest, too_long
        rows += len(_ROW.findall(block))
        cells += len(_CELL.findall(block))
        for letters in set(_CELL_COLUMN.findall(block)) | set(_DIMENSION.findall(block)):
            widest = max(widest, _column_number(letters))
        too_long = too_long or any(
            _characters(run) > limits.cell_chars for run in long_run.findall(block)
        )

    try:
        with archive.open(name) as stream:
            tail = b""
            while (block := stream.read(_BLOCK)) and not too_long:
                buffer = tail + block
                cut = max(buffer.rfind(b"<"), 0)
                visit(buffer[:cut])
                tail = buffer[cut:]
                too_long = too_long or len(tail) > sure
            visit(tail)
    except (zipfile.BadZipFile, OSError, EOFError):
        return  # damaged: openpyxl will say so
    sheet = name.rsplit("/", 1)[-1]
    if too_long:
        raise _too_long_cell(limits, f"工作表 {sheet} 中", f"sheet {sheet}")
    grid = max(cells, rows * widest)
    if grid > limits.cells:
        raise _refuse(
            f"工作表 {sheet} 展开后有约 {grid:,} 个单元格({rows:,} 行 × {widest:,} 列)，"
            f"超过上限 {limits.cells:,} 个",
            f"sheet {sheet} expands to about {grid:,} cells ({rows:,} rows × {widest:,} "
            f"columns), more than {limits.cells:,}",
        )


def check_html(data: bytes, limits: ExpansionLimits) -> None:
    """Check a web page before lxml builds its tree: its size and its number of tags."""
    if len(data) > limits.html_bytes:
        raise _refuse(
            f"网页文件有 {_mb(len(data))}，超过上限 {_mb(limits.html_bytes)}",
            f"the web page is {_mb(len(data))}, more than {_mb(limits.html_bytes)}",
        )
    tags = data.count(b"<")
    if tags > limits.html_tags:
        raise _refuse(
            f"网页文件有 {tags:,} 个标签，超过上限 {limits.html_tags:,} 个",
            f"the web page has {tags:,} tags, more than {limits.html_tags:,}",
        )


def pypdf_limits(limits: ExpansionLimits) -> dict[str, int]:
    """Overwrites for ``pypdf.apply_configuration``: no stream decodes beyond
    ``pdf_stream_bytes``, whatever its filter; pypdf raises ``LimitReachedError``."""
    stream = limits.pdf_stream_bytes
    return {
        "zlib_maximum_output_length": stream,
        "lzw_maximum_output_length": stream,
        "run_length_maximum_output_length": stream,
        "brotli_maximum_output_length": stream,
        "array_based_stream_maximum_output_length": stream,
        "stream_decoding_work_maximum_length": 4 * stream,
        "xform_maximum_invocations_per_extraction": 200,
    }


class PdfBudget:
    """What one PDF has unpacked so far, against ``limits``; each method raises
    :class:`ExpansionRefused` once a bound is passed."""

    def __init__(self, limits: ExpansionLimits) -> None:
        self.limits = limits
        self.content = 0
        self.text = 0

    def pages(self, count: int) -> None:
        if count > self.limits.pdf_pages:
            raise _refuse(
                f"PDF文件有 {count:,} 页，超过上限 {self.limits.pdf_pages:,} 页",
                f"the PDF has {count:,} pages, more than {self.limits.pdf_pages:,}",
                pdf=True,
            )

    def add_content(self, size: int) -> None:
        self.content += size
        if self.content > self.limits.pdf_content_bytes:
            limit = _mb(self.limits.pdf_content_bytes)
            raise _refuse(
                f"PDF文件的页面内容解压后超过 {limit}",
                f"the PDF's page contents unpack to more than {limit}",
                pdf=True,
            )

    def add_text(self, chars: int) -> None:
        self.text += chars
        if self.text > self.limits.pdf_text_chars:
            limit = self.limits.pdf_text_chars
            raise _refuse(
                f"PDF文件提取出的文字超过 {limit:,} 个字符",
                f"the text extracted from the PDF passes {limit:,} characters",
                pdf=True,
            )

    def stream_refused(self) -> ExpansionRefused:
        """The refusal for a stream pypdf stopped decoding at :func:`pypdf_limits`."""
        limit = _mb(self.limits.pdf_stream_bytes)
        return _refuse(
            f"PDF文件内有数据流解压后超过上限 {limit}",
            f"a stream inside the PDF unpacks to more than {limit}",
            pdf=True,
        )
