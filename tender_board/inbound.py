"""The text a request carries, checked before any view reads it (输入边界).

Every value that enters is text of valid Unicode scalar values. The path and the query string
may hold nothing XML 1.0 forbids (they end up in feeds and links): 404 for a path, 400 naming
the parameter. Form fields and the names of uploaded files may hold nothing unusable (NUL, lone
surrogates): 422 naming the field; their other control characters are removed where the text
is cleaned (`validation.clean_text`, `documents.storage.clean_filename`). JSON bodies are
checked where they are parsed (`auth.bearer.json_body`).
"""

from dataclasses import replace

from flask import Flask, abort, request

from . import validation as v
from .errors import DomainError

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _refuse(value: str, name: str | None, pattern, status: int, what: tuple[str, str]) -> None:
    """A refusal that says which parameter or field holds the character."""
    try:
        v.refuse_characters(value, name, pattern)
    except DomainError as error:
        zh, en = what if name is None else (f"{what[0]}“{name}”", f"{what[1]} “{name}”")
        raise replace(error, status=status, message={
            "zh": f"{zh}{error.text('zh')}", "en": f"{en}: {error.text('en')}"}) from None


def check_request() -> None:
    if v.NOT_XML.search(request.path):
        abort(404)  # no page has such a name
    for name, value in request.args.items(multi=True):
        _refuse(name, None, v.NOT_XML, 400, ("参数名", "A parameter name"))
        _refuse(value, name, v.NOT_XML, 400, ("参数", "The parameter"))
    if request.mimetype in FORM_TYPES:
        for name, value in request.form.items(multi=True):
            # a part whose Content-Disposition could not be read has no name at all
            _refuse(name or "", None, v.UNUSABLE, 422, ("字段名", "A field name"))
            _refuse(value, name, v.UNUSABLE, 422, ("字段", "The field"))
        for name, upload in request.files.items(multi=True):
            _refuse(name or "", None, v.UNUSABLE, 422, ("字段名", "A field name"))
            _refuse(upload.filename or "", name, v.UNUSABLE, 422, ("文件名", "The file name of"))


def init_app(app: Flask) -> None:
    app.before_request(check_request)
