"""Display helpers for templates: names of statuses and kinds, countries, query-string links."""

from datetime import datetime
from functools import cache
from urllib.parse import urlencode

from flask import Flask, g, url_for
from flask_babel import lazy_gettext
from markupsafe import Markup, escape
from werkzeug.routing import BuildError

from . import search, times
from . import validation as v
from .forms import error_list
from .i18n import country_names, locale, moment, pair, remaining, shown, zone_name
from .names import cited, city_name, marked, org_name, reader_text
from .notices import diff
from .notices.kinds import amendment
from .notices.models import KIND_NAMES
from .notices.registry import kind_of
from .public.queries import PUBLIC_STATUSES, SORTS
from .tenders.lifecycle import STATUS_NAMES, Status
from .tenders.models import Category
from .tenders.rules import PROFILES
from .times import BEIJING_ZONE

CATEGORY_NAMES = {Category.OVERSEAS: ("境外工程", "Overseas works"),
                  Category.DOMESTIC: ("境内工程", "Domestic works")}


def merge_args(args, **changes) -> str:
    """The current query string with some parameters replaced (None removes one): for pagination
    and language links. Empty parameters are dropped, so links stay short."""
    merged = {key: value for key, value in args.items(multi=False) if key not in changes and value}
    merged.update({key: value for key, value in changes.items() if value is not None})
    return urlencode(merged)


@cache
def _country_options(lang: str) -> str:
    names = country_names(lang)
    countries = sorted(((code, names.get(code, code)) for code in v.countries()), key=lambda item: item[1])
    return "".join(f'<option value="{code}">{escape(name)}</option>' for code, name in countries)


def country_options(selected: str | None) -> Markup:
    """Every ISO 3166-1 country as an <option>, by name in the reader's language."""
    options = _country_options(locale())
    if selected:  # codes are two capital letters, validated before they get here
        options = options.replace(f'value="{selected}"', f'value="{selected}" selected', 1)
    return Markup(options)  # noqa: S704 (built from escaped names and validated codes)


LABELS = {"local": lazy_gettext("Local"), "typed": lazy_gettext("As typed")}


def label(name: str) -> str:
    """A translated label, looked up once per request: long lists repeat them on every row."""
    labels = g.setdefault("labels", {})
    if name not in labels:
        labels[name] = str(LABELS[name])
    return labels[name]


def both_times(value: datetime | None, tender) -> Markup:
    """A moment in Beijing time and, for projects elsewhere, in the project's own zone, both named."""
    if value is None:
        return Markup("")
    shown = (f'<span class="time"><span class="zone">{escape(zone_name(BEIJING_ZONE))}</span> '
             f'<time datetime="{value.isoformat()}">{escape(moment(value))}</time></span>')
    if tender.timezone != BEIJING_ZONE:
        shown += (f' <span class="time local"><span class="zone" title="{escape(tender.timezone)}">'
                  f'{escape(label("local"))} · {escape(zone_name(tender.timezone))}</span> '
                  f'{escape(moment(value, tender.timezone))}</span>')
    return Markup(shown)  # noqa: S704 (every value escaped above)


def typed_times(value: datetime | str | None, zone: str | None) -> Markup:
    """For staff reviewing what they typed: the moment in the zone it was typed in, named, with
    Beijing time beside (only Beijing time when typed in it)."""
    value = times.parse(value)
    if value is None:
        return Markup("")
    beijing = (f'<span class="time"><span class="zone">{escape(zone_name(BEIJING_ZONE))}</span> '
               f'<time datetime="{value.isoformat()}">{escape(moment(value))}</time></span>')
    if not zone or zone == BEIJING_ZONE:
        return Markup(beijing)  # noqa: S704 (every value escaped)
    typed = (f'<span class="time typed"><span class="zone" title="{escape(zone)}">{escape(label("typed"))} · '
             f'{escape(zone_name(zone))}</span> {escape(moment(value, zone))}</span>')
    return Markup(f"{typed} {beijing}")  # noqa: S704 (every value escaped)


def deadline(tender, now: datetime) -> Markup:
    """The bid deadline in both zones and the time left (or that it has passed)."""
    shown = both_times(tender.bid_deadline, tender)
    if tender.status_at(now) == Status.CANCELLED:
        return shown  # no countdown to a deadline that no longer runs
    left = escape(remaining(tender.bid_deadline, now))
    return shown + Markup(f' <span class="remaining">{left}</span>')  # noqa: S704


def status_badge(status) -> Markup:
    name = escape(pair(STATUS_NAMES[status]))
    return Markup(f'<span class="badge status-{status.value}">{name}</span>')  # noqa: S704


def document_url(document) -> str | None:
    """The download link of a published document, where the documents feature serves one."""
    try:
        return url_for("documents.download", document_id=document.id)
    except BuildError:
        return None


def rule_profile_name(code: str) -> str:
    """A rule profile by its name in the reader's language ("PRC works …"), not its code."""
    profile = PROFILES.get(code)
    return (profile.name.get(locale()) or code) if profile else code


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(merge_args=merge_args, as_time=times.parse, highlight=search.highlight,
                                 excerpt=search.excerpt)
    app.jinja_env.globals.update(
        display_value=shown, status_names=STATUS_NAMES,
        category_names=CATEGORY_NAMES, kind_names=KIND_NAMES, public_statuses=PUBLIC_STATUSES,
        sorts=SORTS, country_options=country_options, render_times=both_times,
        render_deadline=deadline, render_status=status_badge, document_url=document_url,
        field_name=amendment.field_name, kind_of=kind_of, form_error_list=error_list,
        rule_profile_name=rule_profile_name, typed_times=typed_times, diff_marked=diff.marked,
        amendment_changes=amendment.changes, one_language_only=diff.one_language_only,
        city_name=city_name, marked=marked, org_name=org_name, reader_text=reader_text, cited=cited)
