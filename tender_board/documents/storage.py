"""Storing an upload: a generated name, the SHA-256 computed while streaming, the size limit,
and the content checked by its first bytes against the type it declares."""

import hashlib
import os
import secrets
import unicodedata
from pathlib import Path

from flask import current_app
from werkzeug.datastructures import FileStorage

from ..clock import now as clock_now
from ..errors import DomainError, forbidden, invalid
from ..extensions import db
from . import types
from .models import Document

CHUNK = 64 * 1024


def may_upload(tender, user) -> bool:
    """Only the tender's own manager adds documents to it."""
    return user.is_authenticated and user.id == tender.manager_id


def upload_folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def path_of(document: Document) -> Path:
    return upload_folder() / document.storage_name


def store_upload(tender, upload: FileStorage | None, actor) -> Document:
    """Check and store one uploaded file for `tender`; flushes the new Document, never commits."""
    if not may_upload(tender, actor):
        raise forbidden("只有该项目的项目经理可以上传文件。", "Only this tender's manager may upload documents.")
    if upload is None or not upload.filename:
        raise invalid("file", "请选择要上传的文件。", "Choose a file to upload.", "required")
    filename = clean_filename(upload.filename)
    content_type = types.declared_type(upload.mimetype, filename)
    storage_name = secrets.token_hex(20)
    target = upload_folder() / storage_name
    try:
        size, digest = _stream(upload.stream, target, content_type)
        types.check_container(target, content_type)
    except BaseException:
        target.unlink(missing_ok=True)  # nothing stored when the upload is refused
        raise
    document = Document(tender_id=tender.id, uploaded_by_id=actor.id, filename=filename,
                        content_type=content_type, size=size, sha256=digest,
                        storage_name=storage_name, uploaded_at=clock_now())
    db.session.add(document)
    db.session.flush()
    return document


def _stream(source, target: Path, content_type: str) -> tuple[int, str]:
    """Copy to `target` in chunks, hashing as we go; refuse past the limit or a wrong signature."""
    limit = current_app.config.get("DOCUMENT_MAX_SIZE") or current_app.config["MAX_CONTENT_LENGTH"]
    digest, size = hashlib.sha256(), 0
    with open(target, "xb") as out:
        first = source.read(CHUNK)
        types.check_signature(first, content_type)
        chunk = first
        while chunk:
            size += len(chunk)
            if size > limit:
                raise too_large(limit)
            digest.update(chunk)
            out.write(chunk)
            chunk = source.read(CHUNK)
        out.flush()
        os.fsync(out.fileno())
    return size, digest.hexdigest()


def too_large(limit: int) -> DomainError:
    mib = limit / (1024 * 1024)
    return DomainError({"zh": f"文件过大，上限为 {mib:g} MiB。",
                        "en": f"The file is too large; the limit is {mib:g} MiB."},
                       code="too_large", field="file", status=413)


def clean_filename(raw: str) -> str:
    """The name shown to readers: no path, no control characters, at most 255 characters.

    A name that tries to climb out of its folder ("../") is refused outright rather than
    silently rewritten, so the uploader sees what happened.
    """
    # Control and format characters (including right-to-left overrides) could disguise a name.
    name = "".join(c for c in unicodedata.normalize("NFC", raw) if unicodedata.category(c) not in ("Cc", "Cf"))
    name = name.strip()
    if "/" in name or "\\" in name or name in (".", "..") or name.startswith(".."):
        raise invalid("file", "文件名不能包含路径（如 ../）。",
                      "The file name must not contain a path (such as ../).", "bad_filename")
    name = name.lstrip(".").strip()
    if not name:
        raise invalid("file", "文件名无效。", "The file name is not valid.", "bad_filename")
    stem, dot, extension = name.rpartition(".")
    if len(name) > 255:
        name = (stem[:255 - len(extension) - 1] + dot + extension) if dot else name[:255]
    return name
