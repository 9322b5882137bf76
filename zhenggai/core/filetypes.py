"""What an uploaded file really is, judged by its content, not its name.

Evidence (佐证材料) may be any common office file. The extension a user gives is
checked against the bytes, so a renamed executable is refused.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileKind:
    name: str  # short identifier
    label: str  # shown to people
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("pdf", "PDF 文档", "application/pdf", (".pdf",))
DOCX = FileKind(
    "docx",
    "Word 文档",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = FileKind(
    "xlsx",
    "Excel 表格",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
)
PPTX = FileKind(
    "pptx",
    "PowerPoint 演示文稿",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
)
OLE = FileKind(
    "ole", "旧版 Office 文档", "application/octet-stream", (".doc", ".xls", ".ppt", ".wps")
)
ZIP = FileKind("zip", "ZIP 压缩包", "application/zip", (".zip",))
JPEG = FileKind("jpeg", "JPEG 图片", "image/jpeg", (".jpg", ".jpeg"))
PNG = FileKind("png", "PNG 图片", "image/png", (".png",))
OFD = FileKind("ofd", "OFD 版式文档", "application/ofd", (".ofd",))

ALLOWED = (PDF, DOCX, XLSX, PPTX, OLE, ZIP, JPEG, PNG, OFD)
ALLOWED_EXTENSIONS = tuple(ext for kind in ALLOWED for ext in kind.extensions)


class FileTypeError(ValueError):
    """The file is not an accepted type, or its content contradicts its name."""


def _zip_kind(data: bytes) -> FileKind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise FileTypeError("压缩文件已损坏，无法打开。") from exc
    if "[Content_Types].xml" in names:
        if any(n.startswith("word/") for n in names):
            return DOCX
        if any(n.startswith("xl/") for n in names):
            return XLSX
        if any(n.startswith("ppt/") for n in names):
            return PPTX
    if "OFD.xml" in names:
        return OFD
    return ZIP


def sniff(data: bytes) -> FileKind | None:
    """The kind of ``data`` from its leading bytes (and, for ZIP containers, its entries)."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    return None


def check_upload(filename: str, data: bytes) -> FileKind:
    """Accept ``data`` named ``filename`` or raise :class:`FileTypeError` with a Chinese reason."""
    lower = filename.lower()
    ext = lower[lower.rfind(".") :] if "." in lower else ""
    if ext not in ALLOWED_EXTENSIONS:
        allowed = "、".join(sorted({e.lstrip(".") for e in ALLOWED_EXTENSIONS}))
        raise FileTypeError(f"“{filename}”的类型不在允许范围内（允许：{allowed}）。")
    kind = sniff(data)
    if kind is None:
        raise FileTypeError(f"“{filename}”的内容无法识别，可能已损坏或不是其扩展名所示的文件。")
    if ext not in kind.extensions:
        raise FileTypeError(
            f"“{filename}”的内容是{kind.label}，与扩展名“{ext}”不符，请检查后重新上传。"
        )
    return kind
