"""Validators for the domain's value types: bilingual text, countries, currencies, zones, money,
timestamps. Each returns the clean value or raises a DomainError naming the field."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale
from babel.numbers import get_currency_precision, list_currencies

from .errors import DomainError, invalid

LANGS = ("zh", "en")
MAX_AMOUNT = Decimal("1e12")  # exact on every database, SQLite's REAL included
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")  # cleaned out of text
# No text may hold these: NUL (PostgreSQL cannot store it, SQLite's full-text queries end at it)
# and lone surrogates (not Unicode scalar values: they cannot be written as UTF-8 at all).
UNUSABLE = re.compile("[\x00\ud800-\udfff]")
# Nor can a query string or a path: besides those, what XML 1.0 does not allow (feeds, OPML).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Integers in a JSON body: 64-bit signed, the widest column any database here has.
MAX_INTEGER = 2**63 - 1
# Row ids: INTEGER columns, 32-bit signed on PostgreSQL; past this a lookup could only fail.
MAX_ID = 2**31 - 1
# Dates and times: a generous range in which all date arithmetic is safe (year 1 in Beijing time
# is still year 0 in UTC, and the day after 9999-12-31 does not exist).
EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)
FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# Two-letter territories CLDR names that are not countries: groupings (EU, EZ, UN, QO), pseudo
# locales (XA, XB), "Unknown Region" (ZZ) and codes ISO 3166-1 only reserves (AC, CP, CQ, DG, EA,
# IC, TA). Kosovo (XK) stays: missions are accredited there though ISO has not assigned it.
NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"})


@cache
def countries() -> frozenset[str]:
    """The codes a tender's country may have, and the search and feeds offer."""
    return frozenset(code for code in Locale("en").territories
                     if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES)


@cache
def currencies() -> frozenset[str]:
    return frozenset(list_currencies())


@cache
def timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def refuse_characters(value: str, field_name: str | None, pattern: re.Pattern = UNUSABLE) -> str:
    """`value` unchanged, unless it holds a character of `pattern`: then a 422 naming the field,
    the character (as U+XXXX) and where it is."""
    found = pattern.search(value)
    if found is None:
        return value
    code, place = f"U+{ord(found.group()):04X}", found.start() + 1
    raise invalid(field_name, f"含有无法使用的字符 {code}（第 {place} 个字符）。",
                  f"Contains a character that cannot be used: {code} (character {place}).",
                  "bad_character")


def check_json(value, field_name: str | None = None):
    """Every string (keys too) and integer of a parsed JSON body, checked where it stands: no
    unusable character, no integer past 64 bits. Answers the value itself."""
    if isinstance(value, str):
        refuse_characters(value, field_name)
    elif isinstance(value, bool):
        pass
    elif isinstance(value, int) and not -MAX_INTEGER - 1 <= value <= MAX_INTEGER:
        raise invalid(field_name, "整数超出范围（64 位）。", "The number is out of range (64 bits).",
                      "out_of_range")
    elif isinstance(value, dict):
        for key, item in value.items():
            refuse_characters(key, field_name)  # named by its parent: the key itself is unusable
            check_json(item, f"{field_name}.{key}" if field_name else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_json(item, f"{field_name}[{index}]" if field_name else f"[{index}]")
    return value


def clean_text(value, field_name: str, max_length: int = 20000, required: bool = True) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise invalid(field_name, "此项为必填项。", "This field is required.", "required")
        return None
    if not isinstance(value, str):
        raise invalid(field_name, "应为文本。", "Must be text.")
    value = CONTROL_CHARS.sub("", refuse_characters(value, field_name)).strip()
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


def _out_of_range(field_name: str, value) -> DomainError:
    return invalid(field_name, f"日期 {value!r} 超出范围（应在 {EARLIEST} 至 {LATEST} 之间）。",
                   f"The date {value!r} is out of range (from {EARLIEST} to {LATEST}).", "out_of_range")


def day(value, field_name: str) -> date:
    """A calendar day, exactly YYYY-MM-DD (RFC 3339's full-date), between EARLIEST and LATEST."""
    try:
        text = value.strip() if isinstance(value, str) else ""
        parsed = date.fromisoformat(text) if FULL_DATE.fullmatch(text) else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise invalid(field_name, f"日期格式无效：{value!r}（应为 YYYY-MM-DD）。",
                      f"Invalid date {value!r} (expected YYYY-MM-DD).")
    if not EARLIEST <= parsed <= LATEST:
        raise _out_of_range(field_name, value)
    return parsed


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
    if not EARLIEST <= parsed.date() <= LATEST:
        raise _out_of_range(field_name, value)
    return parsed.astimezone(UTC)


def choice(value, options, field_name: str):
    values = [o.value for o in options]
    if value not in values:
        raise invalid(field_name, f"无效的取值 {value!r}，可选：{', '.join(values)}。",
                      f"Invalid value {value!r}; expected one of: {', '.join(values)}.")
    return options(value)
