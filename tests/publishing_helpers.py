"""Shared helpers for the publishing tests: sample files, uploads, signing in."""

import io
import zipfile

from .factories import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def office_package(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(main_part, "<document/>")
    return buffer.getvalue()


DOCX = office_package("word/document.xml")
XLSX = office_package("xl/workbook.xml")


def upload(client, reference: str, headers: dict, filename: str, content: bytes,
           content_type: str = "application/pdf"):
    return client.post(f"/api/v1/tenders/{reference}/documents", headers=headers,
                       data={"file": (io.BytesIO(content), filename, content_type)},
                       content_type="multipart/form-data")


def sign_in(client, user, password: str = PASSWORD, **kwargs):
    return client.post("/login", data={"email": user.email, "password": password}, **kwargs)
