"""Language choice and the formatting of bilingual text, times and money for display."""

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_currency, format_decimal
from flask import Flask, current_app, request
from flask_babel import get_locale

from .extensions import babel

BEIJING = ZoneInfo("Asia/Shanghai")
LANG_COOKIE = "lang"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def locale() -> str:
    return str(get_locale() or "zh")


def text(value: dict | None, lang: str | None = None) -> str:
    """The text in the reader's language, or the other one if that is all there is."""
    if not value:
        return ""
    lang = lang or locale()
    return value.get(lang) or value.get("en" if lang == "zh" else "zh") or ""


def pair(names: tuple[str, str], lang: str | None = None) -> str:
    """A (zh, en) name in the reader's language."""
    return names[0] if (lang or locale()) == "zh" else names[1]


def moment(value: datetime | None, zone: str | ZoneInfo = BEIJING, lang: str | None = None) -> str:
    if value is None:
        return ""
    zone = ZoneInfo(zone) if isinstance(zone, str) else zone
    local = value.astimezone(zone)
    offset = local.strftime("%z")
    return (format_datetime(local, "yyyy-MM-dd HH:mm", tzinfo=zone, locale=lang or locale())
            + f" (UTC{offset[:3]}:{offset[3:]})")


def money(amount: Decimal | str | None, currency: str, lang: str | None = None) -> str:
    if amount is None:
        return ""
    return format_currency(Decimal(amount), currency, locale="zh_CN" if (lang or locale()) == "zh" else "en")


def number(value, lang: str | None = None) -> str:
    return format_decimal(value, locale="zh_CN" if (lang or locale()) == "zh" else "en")


def remaining(deadline: datetime | None, now: datetime, lang: str | None = None) -> str:
    """"12 days 3 hours left", server-rendered so it works without JavaScript."""
    if deadline is None:
        return ""
    seconds = int((deadline - now).total_seconds())
    if seconds <= 0:
        return "已截止" if (lang or locale()) == "zh" else "closed"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if (lang or locale()) == "zh":
        return f"剩余 {days} 天 {hours} 小时" if days else f"剩余 {hours} 小时 {minutes} 分"
    return f"{days} days {hours} hours left" if days else f"{hours} hours {minutes} minutes left"


def _remember_choice(response):
    chosen = request.args.get("lang")
    if chosen in current_app.config["LANGUAGES"] and request.cookies.get(LANG_COOKIE) != chosen:
        response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 86400, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True)
    response.vary.update(("Accept-Language", "Cookie"))
    return response


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(Path(__file__).parent / "translations"))
    app.after_request(_remember_choice)
    app.jinja_env.globals.update(text=text, moment=moment, money=money, locale=locale,
                                 remaining=remaining, number=number, pair=pair)
