"""Language choice and the formatting of bilingual text, times and money for display."""

from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import get_timezone_location
from babel.numbers import (
    format_currency,
    format_decimal,
    get_currency_precision,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
)
from flask import Flask, abort, current_app, g, has_app_context, has_request_context, redirect, request, url_for
from flask_babel import force_locale, get_locale, get_translations

from .extensions import babel
from .times import BEIJING, BEIJING_ZONE, parse

LANG_COOKIE = "lang"
PATH_SAFE = "/%:@!$&'()*+,;=-._~"  # RFC 3986 path characters, kept as they are


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def locale() -> str:
    """The reader's language, "zh" or "en"; looked up once per request (pages ask it often)."""
    if not has_app_context():
        return "zh"
    if "locale" not in g:
        g.locale = str(get_locale() or "zh")
    return g.locale


@contextmanager
def in_language(lang: str):
    """Render in `lang` whatever the request's language: e-mail composed for its recipient."""
    saved = {key: g.pop(key) for key in ("locale", "translations") if key in g}
    try:
        with force_locale(lang):
            g.locale = lang
            yield
    finally:
        g.pop("locale", None)
        g.pop("translations", None)
        for key, value in saved.items():
            setattr(g, key, value)


def translations():
    """The catalog of the reader's language, looked up once per request."""
    if "translations" not in g:
        g.translations = get_translations()
    return g.translations


def text(value: dict | None, lang: str | None = None) -> str:
    """The text in the reader's language, or the other one if that is all there is."""
    if not value:
        return ""
    lang = lang or locale()
    return value.get(lang) or value.get("en" if lang == "zh" else "zh") or ""


def pair(names: tuple[str, str], lang: str | None = None) -> str:
    """A (zh, en) name in the reader's language."""
    return names[0] if (lang or locale()) == "zh" else names[1]


DATE_TIME = {"zh": "yyyy年M月d日 HH:mm", "en": "d MMM yyyy, HH:mm"}
DATE = {"zh": "yyyy年M月d日", "en": "d MMM yyyy"}
# International English (en_001): "US$" and "CN¥", never a bare "$", on a board of many currencies,
# as the Chinese pages write "US$" too.
NUMBER_LOCALES = {"zh": Locale.parse("zh_CN"), "en": Locale.parse("en_001")}


def _zone(zone: str | ZoneInfo) -> ZoneInfo:
    return ZoneInfo(zone) if isinstance(zone, str) else zone


# Babel parses its pattern and looks up the locale on every call, and a list page formats a
# hundred dates and amounts: these two formats are written out once here, as Babel writes them
# with the patterns above (tests/test_formatting.py holds them to Babel's output).
MONTHS = {"en": dict(Locale("en").months["format"]["abbreviated"])}


def _date(local: datetime, lang: str) -> str:
    if lang == "zh":
        return f"{local.year:04d}年{local.month}月{local.day}日"
    return f"{local.day} {MONTHS['en'][local.month]} {local.year:04d}"


def moment(value: datetime | None, zone: str | ZoneInfo = BEIJING, lang: str | None = None) -> str:
    """A point in time in `zone`, formatted for the reader, with its UTC offset."""
    if value is None:
        return ""
    lang = lang or locale()
    local = value.astimezone(_zone(zone))
    offset = local.strftime("%z")
    return (f"{_date(local, lang)}{' ' if lang == 'zh' else ', '}{local.hour:02d}:{local.minute:02d}"
            f" (UTC{offset[:3]}:{offset[3:]})")


def day(value: datetime | None, zone: str | ZoneInfo = BEIJING, lang: str | None = None) -> str:
    if value is None:
        return ""
    return _date(value.astimezone(_zone(zone)), lang or locale())


@cache
def _zone_name(zone: str, lang: str) -> str:
    if zone == BEIJING_ZONE:
        return "北京时间" if lang == "zh" else "Beijing time"
    return get_timezone_location(zone, locale=lang)


def zone_name(zone: str, lang: str | None = None) -> str:
    """The zone as readers know it: 北京时间, 越南时间, Kenya Time."""
    return _zone_name(zone, lang or locale())


TERRITORIES = {"zh": Locale("zh").territories, "en": Locale("en").territories}


def country_names(lang: str | None = None) -> dict[str, str]:
    """ISO 3166-1 code → the country's name in the reader's language (Babel's CLDR names)."""
    return TERRITORIES[lang or locale()]


def country_name(code: str, lang: str | None = None) -> str:
    return country_names(lang).get(code, code)


def shown(value, lang: str | None = None) -> str:
    """A value as stored (in a payload) as a reader reads it: prose in their language, a moment
    in Beijing time."""
    if isinstance(value, dict):
        return text(value, lang)
    if isinstance(value, str) and len(value) > 18 and value[4] == "-" and "T" in value:
        return moment(parse(value), BEIJING, lang)
    return "" if value is None else str(value)


@cache
def _plain_currency(currency: str, lang: str) -> tuple[str, int] | None:
    """The currency's symbol and decimals where the reader's locale writes amounts as plain
    ¤#,##0.00 with "," and "." (both of this board's): then an amount needs no Babel call."""
    number_locale = NUMBER_LOCALES[lang]
    if (number_locale.currency_formats["standard"].pattern != "¤#,##0.00"
            or get_group_symbol(number_locale) != "," or get_decimal_symbol(number_locale) != "."):
        return None
    return get_currency_symbol(currency, number_locale), get_currency_precision(currency)


def money(amount: Decimal | str | None, currency: str, lang: str | None = None) -> str:
    if amount is None:
        return ""
    lang, amount = lang or locale(), Decimal(amount)
    plain = _plain_currency(currency, lang) if amount.is_finite() and not amount.is_signed() else None
    if plain:
        symbol, decimals = plain
        return f"{symbol}{amount:,.{decimals}f}"
    return format_currency(amount, currency, locale=NUMBER_LOCALES[lang])


def number(value, lang: str | None = None) -> str:
    return format_decimal(value, locale=NUMBER_LOCALES[lang or locale()])


def text_changes_at(moment: datetime) -> None:
    """Said by whatever renders clock-dependent text: this request's page reads differently from
    `moment` on (`g.text_valid_until`, the earliest such moment)."""
    if has_request_context() and moment < g.get("text_valid_until", moment + timedelta(seconds=1)):
        g.text_valid_until = moment


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
    # The text reads differently once the shown hour (or minute) has passed: a cached page
    # showing it is kept until then (public.page_cache), not a minute less or more.
    text_changes_at(now + timedelta(seconds=(seconds % (3600 if days else 60)) + 1))
    if (lang or locale()) == "zh":
        return f"剩余 {days} 天 {hours} 小时" if days else f"剩余 {hours} 小时 {minutes} 分"
    if days:
        return f"{days} day{'s' if days != 1 else ''} {hours} h left"
    return f"{hours} h {minutes} min left"


def _choose_afresh() -> None:
    # Flask-Babel keeps the language in `g`, which outlives a request when an app context was
    # already pushed (tests, CLI): choose it again for every request.
    for name in ("_flask_babel", "locale", "translations", "labels"):
        g.pop(name, None)


def _remember_choice(response):
    """The answer's language and, for an address that does not name it, `Vary` on what chose it.
    A public page never sets the language cookie (the language links' `switch_language` does):
    every `?lang=` page is the same answer for every reader, which a proxy may keep for all of
    them. A page of one reader's own (a form, a signed-in page) remembers a `?lang=` choice, so
    that where the form leads speaks the same language."""
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Language", "zh-CN" if locale() == "zh" else "en")
    if response.cache_control.public:
        if response.mimetype == "text/html" and "lang" not in request.args:
            response.vary.update(("Accept-Language", "Cookie"))
        return response  # a shared cache may keep it: its address alone, or its Vary, fixes the language
    chosen = request.args.get("lang")
    if chosen in current_app.config["LANGUAGES"] and request.cookies.get(LANG_COOKIE) != chosen:
        _set_language_cookie(response, chosen)
    response.vary.update(("Accept-Language", "Cookie"))
    return response


def _set_language_cookie(response, lang: str) -> None:
    response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True)


def language_switch(lang: str) -> str:
    """The link that switches the page being read to `lang` (the language links' href)."""
    kept = [(name, value) for name, value in request.args.items(multi=True) if name != "lang" and value]
    return url_for("switch_language", lang=lang, next=request.path + (f"?{urlencode(kept)}" if kept else ""))


def _back_to(target: str, lang: str) -> str:
    """`target` in `lang`: a path on this site only (anything else: the home page), always a
    well-formed relative address."""
    try:
        parts = urlsplit(target)
    except ValueError:
        return f"/?lang={lang}"
    if not target.startswith("/") or target.startswith("//") or "\\" in target or parts.scheme or parts.netloc:
        return f"/?lang={lang}"
    args = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=False) if name != "lang"]
    return f"{quote(parts.path, safe=PATH_SAFE)}?{urlencode([*args, ('lang', lang)])}"


def switch_language(lang: str):
    """GET /language/<lang>?next=PATH: remember the reader's choice (a cookie for the pages whose
    address names no language) and go back to the page, in that language."""
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    response = redirect(_back_to(request.args.get("next", "/"), lang), 303)
    _set_language_cookie(response, lang)
    response.cache_control.no_store = True
    return response


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(Path(__file__).parent / "translations"))
    # Flask-Babel's own callables find the catalog anew for every string; a page has dozens.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n), newstyle=True)
    app.before_request(_choose_afresh)
    app.after_request(_remember_choice)
    app.add_url_rule("/language/<lang>", "switch_language", switch_language)
    app.jinja_env.globals.update(text=text, moment=moment, money=money, locale=locale,
                                 remaining=remaining, number=number, pair=pair, day=day,
                                 zone_name=zone_name, country_name=country_name, language_switch=language_switch)
