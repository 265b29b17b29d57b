"""Display helpers for templates: names of statuses and kinds, countries, query-string links."""

from datetime import datetime
from urllib.parse import urlencode

from babel import Locale
from flask import Flask

from .i18n import locale, moment, pair, text
from .tenders.lifecycle import STATUS_NAMES
from .tenders.models import Category

CATEGORY_NAMES = {Category.OVERSEAS: ("境外工程", "Overseas works"),
                  Category.DOMESTIC: ("境内工程", "Domestic works")}
FIELD_NAMES = {"bid_deadline": ("投标截止时间", "Bid deadline"),
               "documents_until": ("文件发售截止", "Documents available until"),
               "opening_place": ("开标地点", "Opening place"), "contact": ("联系方式", "Contact"),
               "description": ("项目概况", "Description"), "qualification": ("资格要求", "Qualification")}


def merge_args(args, **changes) -> str:
    """The current query string with some parameters replaced: for pagination and language links."""
    merged = {key: value for key, value in args.items(multi=False) if key not in changes}
    merged.update({key: value for key, value in changes.items() if value is not None})
    return urlencode(merged)


def as_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def country_name(code: str) -> str:
    names = Locale("zh" if locale() == "zh" else "en").territories
    return names.get(code, code)


def display_value(value) -> str:
    if isinstance(value, dict):
        return text(value)
    if isinstance(value, str) and len(value) > 18 and value[4] == "-" and "T" in value:
        return moment(as_time(value))
    return "" if value is None else str(value)


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(merge_args=merge_args, as_time=as_time)
    app.jinja_env.globals.update(
        country_name=country_name, display_value=display_value, status_names=STATUS_NAMES,
        category_names=CATEGORY_NAMES, field_name=lambda name: pair(FIELD_NAMES.get(name, (name, name))))
