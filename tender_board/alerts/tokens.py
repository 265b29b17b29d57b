"""Signed links in messages: to confirm, to manage an address's searches, to unsubscribe.

Each purpose has its own salt, so a token of one kind never works as another. A confirmation
link lasts a week; a management link three months (every message carries a fresh one); an
unsubscribe link never expires, because people unsubscribe from old mail and must never fail to.
"""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from ..clock import now as clock_now
from ..errors import DomainError

CONFIRM = ("alerts-confirm", 7 * 24 * 3600)
MANAGE = ("alerts-manage", 90 * 24 * 3600)
UNSUBSCRIBE = ("alerts-unsubscribe", None)


class _BoardClockSigner(TimestampSigner):
    """Links age by the board's clock, the one every deadline is measured by."""

    def get_timestamp(self) -> int:
        return int(clock_now().timestamp())


def _serializer(purpose: tuple[str, int | None]) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose[0], signer=_BoardClockSigner)


def make(purpose: tuple[str, int | None], address_id: int, subscription_id: int | None = None) -> str:
    data = {"a": address_id} if subscription_id is None else {"a": address_id, "s": subscription_id}
    return _serializer(purpose).dumps(data)


def read(purpose: tuple[str, int | None], token: str) -> tuple[int, int | None]:
    """(address id, subscription id or None); a forged, damaged or expired link is refused."""
    try:
        data = _serializer(purpose).loads(token, max_age=purpose[1])
    except SignatureExpired:
        raise DomainError({"zh": "该链接已过期。请使用最近一封邮件中的链接，或重新订阅。",
                           "en": "This link has expired. Use the link in a more recent message, or subscribe again."},
                          code="expired", status=410) from None
    except (BadSignature, UnicodeError, ValueError):
        raise DomainError({"zh": "该链接无效：请完整复制邮件中的链接。",
                           "en": "This link is not valid: copy the whole link from the message."},
                          code="bad_token", status=404) from None
    if not isinstance(data, dict) or not isinstance(data.get("a"), int) or \
            not isinstance(data.get("s", 0), int):
        raise DomainError({"zh": "该链接无效。", "en": "This link is not valid."}, code="bad_token", status=404)
    return data["a"], data.get("s")
