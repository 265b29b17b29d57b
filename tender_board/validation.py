"""Validators for the domain's value types: bilingual text, countries, currencies, zones, money,
timestamps. Each returns the clean value or raises a DomainError naming the field."""

import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale
from babel.numbers import get_currency_precision, list_currencies

from .errors import invalid

LANGS = ("zh", "en")
MAX_AMOUNT = Decimal("1e12")  # exact on every database, SQLite's REAL included
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@cache
def countries() -> frozenset[str]:
    return frozenset(code for code in Locale("en").territories if len(code) == 2 and code.isalpha())


@cache
def currencies() -> frozenset[str]:
    return frozenset(list_currencies())


@cache
def timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def clean_text(value, field_name: str, max_length: int = 20000, required: bool = True) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise invalid(field_name, "此项为必填项。", "This field is required.", "required")
        return None
    if not isinstance(value, str):
        raise invalid(field_name, "应为文本。", "Must be text.")
    value = CONTROL_CHARS.sub("", value).strip()
    if len(value) > max_length:
        raise invalid(field_name, f"不能超过 {max_length} 个字符。",
                      f"Must be at most {max_length} characters.")
    return value


def bilingual(value, field_name: str, max_length: int = 20000,
              required: bool = True) -> dict[str, str] | None:
    """Prose as {"zh": ..., "en": ...}; at least one language present, nothing else allowed."""
    if value is None and not required:
        return None
    if not isinstance(value, dict) or set(value) - set(LANGS):
        raise invalid(field_name, '应为 {"zh": "…", "en": "…"} 形式。',
                      'Must be an object {"zh": "…", "en": "…"}.')
    text = {lang: clean_text(value.get(lang), f"{field_name}.{lang}", max_length, required=False)
            for lang in LANGS}
    text = {lang: t for lang, t in text.items() if t}
    if not text:
        if not required:
            return None
        raise invalid(field_name, "至少填写中文或英文之一。",
                      "Give the text in Chinese or English, or both.", "required")
    return text


def country(value, field_name: str = "country") -> str:
    code = value.strip().upper() if isinstance(value, str) else None
    if code not in countries():
        raise invalid(field_name, f"未知的国家或地区代码：{value!r}（应为 ISO 3166-1 二字母代码）。",
                      f"Unknown country code {value!r} (expected ISO 3166-1 alpha-2).")
    return code


def currency(value, field_name: str = "currency") -> str:
    code = value.strip().upper() if isinstance(value, str) else None
    if code not in currencies():
        raise invalid(field_name, f"未知的币种：{value!r}（应为 ISO 4217 代码）。",
                      f"Unknown currency {value!r} (expected an ISO 4217 code).")
    return code


def timezone(value, field_name: str = "timezone") -> str:
    if not isinstance(value, str) or value not in timezones():
        raise invalid(field_name, f"未知的时区：{value!r}（应为 IANA 时区名，如 Asia/Ho_Chi_Minh）。",
                      f"Unknown time zone {value!r} (expected an IANA name such as Asia/Ho_Chi_Minh).")
    try:
        ZoneInfo(value)
    except ZoneInfoNotFoundError:
        raise invalid(field_name, f"未知的时区：{value!r}。", f"Unknown time zone {value!r}.") from None
    return value


def amount(value, currency_code: str, field_name: str = "amount",
           allow_zero: bool = False) -> Decimal:
    """A money amount given as a decimal string (never a float), within the currency's precision."""
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise invalid(field_name, "金额应为十进制数字字符串，如 \"1234.50\"。",
                      'An amount must be a decimal string such as "1234.50".')
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise invalid(field_name, f"金额不是数字：{value!r}。",
                      f"The amount {value!r} is not a number.") from None
    if not number.is_finite() or number < 0 or (number == 0 and not allow_zero):
        raise invalid(field_name, "金额必须为正数。", "The amount must be positive.")
    if number >= MAX_AMOUNT:
        raise invalid(field_name, "金额过大（上限 1 万亿）。",
                      "The amount is too large (the limit is one trillion).")
    places = min(get_currency_precision(currency_code), 3)
    if -number.as_tuple().exponent > places:
        raise invalid(field_name, f"{currency_code} 金额最多 {places} 位小数。",
                      f"{currency_code} amounts have at most {places} decimal places.")
    return number


def canonical_amount(number: Decimal, currency_code: str) -> str:
    """An amount as a string with the currency's own number of decimal places."""
    places = min(get_currency_precision(currency_code), 3)
    return str(Decimal(number).quantize(Decimal(1).scaleb(-places)))


def money(value, field_name: str = "value") -> tuple[Decimal, str]:
    if not isinstance(value, dict):
        raise invalid(field_name, '应为 {"amount": "…", "currency": "…"}。',
                      'Must be an object {"amount": "…", "currency": "…"}.')
    code = currency(value.get("currency"), f"{field_name}.currency")
    return amount(value.get("amount"), code, f"{field_name}.amount"), code


def aware_datetime(value, field_name: str) -> datetime:
    """An ISO 8601 timestamp with its UTC offset; a naive one is ambiguous and refused."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise invalid(field_name, f"时间格式无效：{value!r}（应为 ISO 8601，含时区偏移）。",
                          f"Invalid time {value!r} (expected ISO 8601 with an offset).") from None
    else:
        raise invalid(field_name, "应为 ISO 8601 时间。", "Must be an ISO 8601 time.")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise invalid(field_name, f"时间 {value!r} 缺少时区偏移（如 +08:00）。",
                      f"The time {value!r} has no UTC offset (such as +08:00).", "naive_datetime")
    return parsed.astimezone(UTC)


def choice(value, options, field_name: str):
    values = [o.value for o in options]
    if value not in values:
        raise invalid(field_name, f"无效的取值 {value!r}，可选：{', '.join(values)}。",
                      f"Invalid value {value!r}; expected one of: {', '.join(values)}.")
    return options(value)
