"""One place turns every error into an answer: JSON under /api, an HTML page elsewhere, in the
reader's language, never a traceback. The transaction is rolled back first, so nothing half-done
is ever committed."""

import logging

from flask import Flask, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from .errors import DomainError, conflict, invalid
from .extensions import db
from .i18n import locale

log = logging.getLogger(__name__)

HTTP_MESSAGES = {
    400: ("请求无效。", "Bad request."),
    401: ("请先登录。", "Please sign in."),
    403: ("无权访问。", "You may not do this."),
    404: ("页面不存在。", "Page not found."),
    405: ("不支持该请求方法。", "Method not allowed."),
    409: ("操作冲突。", "Conflict."),
    413: ("上传内容过大。", "The upload is too large."),
    415: ("不支持的内容类型。", "Unsupported media type."),
    422: ("内容无法处理。", "The content could not be processed."),
    429: ("请求过于频繁，请稍后再试。", "Too many requests; try again later."),
    500: ("服务器内部错误，我们已记录。", "Internal error; it has been logged."),
}


def wants_json() -> bool:
    return request.path.startswith(("/api/", "/ocds/"))


def answer(error: DomainError):
    db.session.rollback()
    lang = locale()
    if wants_json():
        return jsonify(error.as_json(lang)), error.status
    return render_template("errors/error.html", status=error.status, message=error.text(lang),
                           error=error), error.status


def _http_error(error: HTTPException):
    status = error.code or 500
    zh, en = HTTP_MESSAGES.get(status, (error.name, error.name))
    code = "csrf" if isinstance(error, CSRFError) else error.name.lower().replace(" ", "_")
    response = make_response(answer(DomainError({"zh": zh, "en": en}, code=code, status=status)))
    if status == 405 and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _stale(_error: StaleDataError):
    return answer(conflict("该记录已被他人修改，请刷新后重试。",
                           "This record was changed meanwhile; reload it and try again.",
                           code="stale_version"))


def _integrity(error: IntegrityError):
    log.warning("integrity error: %s", error)
    return answer(conflict("该操作与已有记录冲突，未作任何更改。",
                           "This conflicts with an existing record; nothing was changed."))


def _out_of_range(error: Exception):
    # Past every check, a value the database or its driver cannot hold (a number wider than the
    # column, text PostgreSQL refuses): the input's fault, so a 422, and nothing is written.
    log.warning("value refused by the database: %s", error)
    return answer(invalid(None, "有数值超出范围或无法保存，未作任何更改。",
                          "A value is out of range or cannot be stored; nothing was changed.", "out_of_range"))


def _unexpected(error: Exception):
    log.exception("unhandled error", exc_info=error)
    zh, en = HTTP_MESSAGES[500]
    return answer(DomainError({"zh": zh, "en": en}, code="internal", status=500))


def init_app(app: Flask) -> None:
    app.register_error_handler(DomainError, answer)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(StaleDataError, _stale)
    app.register_error_handler(IntegrityError, _integrity)
    app.register_error_handler(DataError, _out_of_range)
    app.register_error_handler(OverflowError, _out_of_range)
    app.register_error_handler(Exception, _unexpected)
