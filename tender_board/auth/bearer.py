"""Bearer-token authentication and JSON bodies for the CSRF-exempt write API.

A session cookie never authenticates an API write: the API is exempt from CSRF, so a forged
cross-site request would carry the cookie, but never the token.
"""

from flask import request

from ..errors import DomainError, invalid
from ..validation import check_json
from .models import User
from .operations import user_for_token


def token_user() -> User:
    """The user of the request's bearer token, ignoring any session cookie; else 401."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    user = user_for_token(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
    if user is None:
        raise DomainError({"zh": "需要有效的 API 令牌（Authorization: Bearer <令牌>）。",
                           "en": "A valid API token is required (Authorization: Bearer <token>)."},
                          code="unauthorized", status=401)
    return user


def add_challenge(response):
    """An `after_request` hook: a 401 names the scheme it wants."""
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="tender-board"'
    return response


def json_body() -> dict:
    """The request's JSON object, or a 400/422 saying what is wrong with the body."""
    if not request.is_json:
        raise DomainError({"zh": "请求体应为 JSON（Content-Type: application/json）。",
                           "en": "The body must be JSON (Content-Type: application/json)."},
                          code="not_json", status=400)
    body = request.get_json(silent=True)
    if body is None:
        raise DomainError({"zh": "请求体不是有效的 JSON。", "en": "The body is not valid JSON."},
                          code="malformed_json", status=400)
    if not isinstance(body, dict):
        raise invalid(None, "请求体应为 JSON 对象。", "The body must be a JSON object.")
    return check_json(body)  # no lone surrogate, NUL or 64-bit overflow anywhere inside
