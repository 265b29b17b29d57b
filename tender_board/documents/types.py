"""The document types we accept, and how their bytes prove them: a PDF starts with "%PDF-",
a PNG with its eight-byte signature, a JPEG with FF D8 FF; DOCX and XLSX are ZIP packages
whose parts name them."""

import mimetypes
import zipfile
from pathlib import Path

from ..errors import DomainError

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SIGNATURES = {PDF: (b"%PDF-",), PNG: (b"\x89PNG\r\n\x1a\n",), JPEG: (b"\xff\xd8\xff",),
              DOCX: (b"PK\x03\x04",), XLSX: (b"PK\x03\x04",)}
EXTENSIONS = {".pdf": PDF, ".png": PNG, ".jpg": JPEG, ".jpeg": JPEG, ".docx": DOCX, ".xlsx": XLSX}
# The part an Office package must contain to be what it claims.
PACKAGE_PARTS = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}
GENERIC = {"", "application/octet-stream", "binary/octet-stream", "application/zip"}
ACCEPT = ",".join([*EXTENSIONS, *SIGNATURES])  # for <input type="file" accept=...>


def declared_type(mimetype: str | None, filename: str) -> str:
    """The type the uploader declared; a generic one is read from the file name's extension."""
    declared = (mimetype or "").lower()
    if declared in GENERIC:
        declared = EXTENSIONS.get(Path(filename).suffix.lower(), declared)
    if declared not in SIGNATURES:
        names = ", ".join(sorted(ext.lstrip(".").upper() for ext in EXTENSIONS))
        raise DomainError({"zh": f"不支持的文件类型（{declared or '未知'}）；可上传：{names}。",
                           "en": f"Unsupported file type ({declared or 'unknown'}); accepted: {names}."},
                          code="unsupported_type", field="file", status=415)
    suffix = Path(filename).suffix.lower()
    if EXTENSIONS.get(suffix) != declared:
        raise DomainError({"zh": f"文件扩展名（{suffix or '无'}）与文件类型不符。",
                           "en": f"The file name's extension ({suffix or 'none'}) does not match its type."},
                          code="type_mismatch", field="file", status=422)
    return declared


def mismatch(content_type: str) -> DomainError:
    label = mimetypes.guess_extension(content_type) or content_type
    return DomainError({"zh": f"文件内容与声明的类型（{label}）不符。",
                        "en": f"The file's content does not match its declared type ({label})."},
                       code="type_mismatch", field="file", status=422)


def check_signature(first_bytes: bytes, content_type: str) -> None:
    if not first_bytes:
        raise DomainError({"zh": "文件为空。", "en": "The file is empty."}, code="empty_file",
                          field="file", status=422)
    if not first_bytes.startswith(SIGNATURES[content_type]):
        raise mismatch(content_type)


def check_container(file, content_type: str) -> None:
    """An Office package must be a readable ZIP holding its main part (only names are read)."""
    part = PACKAGE_PARTS.get(content_type)
    if part is None:
        return
    try:
        with zipfile.ZipFile(file) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise mismatch(content_type) from None
    if part not in names or "[Content_Types].xml" not in names:
        raise mismatch(content_type)
