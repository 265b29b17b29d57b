"""Storing an upload in the database: the SHA-256 computed while streaming, the size limit, and
the content checked by its first bytes against the type it declares."""

import hashlib
import tempfile
import unicodedata

from flask import current_app
from werkzeug.datastructures import FileStorage

from ..auth.models import Role
from ..clock import now as clock_now
from ..errors import DomainError, forbidden, invalid
from ..extensions import db
from ..tenders.lifecycle import Status
from . import types
from .models import Document, DocumentContent

CHUNK = 64 * 1024


def may_upload(tender, user) -> bool:
    """The tender's own manager adds its documents; an evaluator adds the committee's report
    (评标报告) while the tender is under evaluation, from the evaluation page."""
    if not user.is_authenticated:
        return False
    if user.id == tender.manager_id:
        return True
    return user.role == Role.EVALUATOR and tender.status_at(clock_now()) == Status.EVALUATING


def store_upload(tender, upload: FileStorage | None, actor) -> Document:
    """Check and store one uploaded file for `tender`; flushes the new Document, never commits."""
    if not may_upload(tender, actor):
        raise forbidden("只有该项目的项目经理可以上传文件；评标期间评标人员可以上传评标报告。",
                        "Only this tender's manager may upload documents; during the evaluation, an "
                        "evaluator may upload the evaluation report.")
    if upload is None or not upload.filename:
        raise invalid("file", "请选择要上传的文件。", "Choose a file to upload.", "required")
    filename = clean_filename(upload.filename)
    content_type = types.declared_type(upload.mimetype, filename)
    with tempfile.TemporaryFile() as spooled:  # refused uploads leave nothing behind
        size, digest = _stream(upload.stream, spooled, content_type)
        spooled.seek(0)
        types.check_container(spooled, content_type)
        spooled.seek(0)
        data = spooled.read()
    document = Document(tender=tender, uploaded_by_id=actor.id, filename=filename,
                        content_type=content_type, size=size, sha256=digest, uploaded_at=clock_now(),
                        content=DocumentContent(data=data))
    db.session.add(document)
    db.session.flush()
    return document


def _stream(source, out, content_type: str) -> tuple[int, str]:
    """Copy to `out` in chunks, hashing as we go; refuse past the limit or a wrong signature."""
    limit = current_app.config["DOCUMENT_MAX_SIZE"]
    digest, size = hashlib.sha256(), 0
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
    # Control and format characters (including right-to-left overrides) could disguise a name;
    # U+FFFE and U+FFFF are not characters at all. (NUL and lone surrogates never get here.)
    name = "".join(c for c in unicodedata.normalize("NFC", raw)
                   if unicodedata.category(c) not in ("Cc", "Cf") and c not in "\ufffe\uffff")
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
