"""Every public GET route, found in the URL map, fed arbitrary Unicode, control characters, lone
surrogates, invalid UTF-8, huge and negative numbers and odd dates in its parameters (Hypothesis).

The property: never a 5xx; a value known to be bad is named, by a 4xx that says which parameter,
or by a note on the page. A route added later is fuzzed without being listed here (its path
variables by their converter, `lang` and unknown parameters); PARAMETERS says what else it takes.

The budget: FUZZ_EXAMPLES examples per route (default 200: about half a minute for all of them).
"""

import base64
import json
import os
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from tender_board import create_app
from tender_board.clock import FixedClock
from tender_board.extensions import db
from tender_board.notices.models import NoticeKind
from tender_board.public.queries import PUBLIC_STATUSES
from tender_board.validation import countries

from .conftest import BASE_CONFIG, PG_URL, START, FreshClient, _empty_tables, _fresh_database_url
from .factories import Factory

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))
STAFF = ("manage.", "admin.", "api_write.", "bids_api.")  # signed-in or token routes: not public


@dataclass(frozen=True)
class Value:
    """A parameter's value as sent (already percent-encoded) and whether it must be reported:
    True (bad), False (good), None (either: arbitrary input, only no 5xx is asked of it)."""

    raw: str
    bad: bool | None


def encoded(text: str | bytes) -> str:
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")  # as a client sends them
    return quote(data, safe="")


CONTROLS = st.sampled_from([chr(c) for c in [*range(0x20), 0x7F, 0x85, 0xFFFE, 0xFFFF, 0x202E, 0xFEFF]])
CHARS = st.one_of(st.characters(), st.characters(categories=["Cs"]), CONTROLS)
ANY_TEXT = st.text(CHARS, max_size=40)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
SURROGATES = re.compile("[\ud800-\udfff]")
HUGE = st.one_of(st.integers(), st.integers(2**31 - 2, 2**31 + 2), st.integers(min_value=2**63 - 2, max_value=2**80),
                 st.integers(max_value=-1), st.just(10**400))
ODD_DATES = st.one_of(
    st.dates().map(date.isoformat),
    st.sampled_from(["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01", "2027-02-30", "0000-00-00",
                     "+2027-01-01", "20270101", "2027-W01-1", "99999-01-01", "2027-1-1", "-2027-01-01"]),
    HUGE.map(str))


def received(text: str) -> str:
    """The text as the server reads it. A lone surrogate never arrives: its bytes are not UTF-8,
    and the server keeps them percent-encoded, as text."""
    return SURROGATES.sub(lambda found: encoded(found.group()), text)


def unusable(text: str) -> bool:
    """Whether the server receives a character no query string may hold (NUL, controls, U+FFFE, U+FFFF)."""
    return bool(NOT_XML.search(received(text)))


def text_value(text: str, bad_if_other: bool | None = None) -> Value:
    """Arbitrary text: always bad if it is `unusable`; otherwise as `bad_if_other` says."""
    return Value(encoded(text), True if unusable(text) else bad_if_other)


def garbage(good: set[str], fold=str) -> st.SearchStrategy[Value]:
    """Text that is bad for a parameter whose good values are `good` (unless it is one of them)."""
    return ANY_TEXT.map(lambda t: text_value(t, None if (not t.strip() or fold(t.strip()) in good) else True))


def enum(values, fold=str) -> st.SearchStrategy[Value]:
    good = set(values)
    return st.one_of(st.sampled_from(sorted(good)).map(lambda v: Value(encoded(v), False)), garbage(good, fold))


def number(low: int, high: int) -> st.SearchStrategy[Value]:
    def judged(n: int) -> Value:
        return Value(str(n), not low <= n <= high)
    return st.one_of(st.integers(low, high).map(judged), HUGE.map(judged), ANY_TEXT.map(lambda t: text_value(
        t, None if not t.strip() or t.strip().isdigit() else True)))


def day_value(text: str) -> Value:
    """Good: YYYY-MM-DD from 1900 to 2199 (around it, spaces are ignored). Bad: anything else."""
    day = text.strip()
    try:
        good = bool(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", day)) and \
            date(1900, 1, 1) <= date.fromisoformat(day) <= date(2199, 12, 31)
    except ValueError:
        good = False
    return Value(encoded(text), unusable(text) or (not good and bool(day)))


def amount_value(text: str) -> Value:
    """Good: a plain decimal below a trillion. Bad: below zero, or with letters. Else: either."""
    amount = text.strip()
    good = bool(re.fullmatch(r"[0-9]{1,12}(\.[0-9]{1,6})?", amount)) and float(amount) < 1e12
    letters = re.search(r"[a-zA-Z]", amount.replace("e", "").replace("E", ""))
    if unusable(text) or letters or (amount.startswith("-") and re.search("[1-9]", amount)):
        return Value(encoded(text), True)
    return Value(encoded(text), False if good or not amount else None)


def cursor_value(data) -> Value:
    if isinstance(data, str):
        return text_value(data, None if not data else True)
    raw = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    return Value(raw, True)


DAYS = st.one_of(st.dates(date(1900, 1, 1), date(2199, 12, 31)).map(date.isoformat), ODD_DATES).map(day_value)
AMOUNTS = st.one_of(st.integers(0, 10**11).map(str), st.decimals(0, 10**11, places=2).map(str), HUGE.map(str),
                    st.sampled_from(["NaN", "Infinity", "-1", "1e12", "1e400", "1,000", "-0", "0x10", "1_000"]),
                    ANY_TEXT).map(amount_value)
CURSORS = st.one_of(ANY_TEXT, st.lists(st.one_of(st.sampled_from(["published", "value", "deadline"]), ODD_DATES,
                                                   HUGE, st.none(), ANY_TEXT), max_size=4)).map(cursor_value)
LENIENT = ANY_TEXT.map(lambda t: text_value(t, None))  # ignored when not understood; only NOT_XML is bad
QUERY = ANY_TEXT.map(lambda t: text_value(t, False))

FILTERS = {
    "q": QUERY,
    "category": enum(["overseas", "domestic"]),
    "country": enum(countries(), fold=str.upper),
    "status": enum([s.value for s in PUBLIC_STATUSES]),
    "kind": enum([k.value for k in NoticeKind]),
    "published_from": DAYS, "published_to": DAYS, "deadline_from": DAYS, "deadline_to": DAYS,
    "value_min": AMOUNTS, "value_max": AMOUNTS,
    "sort": enum(["published", "deadline", "value"]),
    "sandbox": LENIENT,
}
FEED_LANG = st.one_of(st.sampled_from(["zh", "en"]).map(lambda v: Value(v, False)),
                      ANY_TEXT.map(lambda t: text_value(t, t not in ("zh", "en"))))
FEED_LIMIT = number(1, 200)
# Per endpoint, the query parameters it takes besides `lang` (lenient on pages: a language it does
# not know falls back to the reader's) and a few it does not know (ignored).
PARAMETERS = {
    "tenders.tender_list": {**FILTERS, "page": number(1, 10000), "after": CURSORS, "before": CURSORS},
    "api.tenders": {**FILTERS, "limit": number(1, 200), "cursor": CURSORS},
    "feeds.notices_feed": {**FILTERS, "lang": FEED_LANG, "limit": FEED_LIMIT, "sort": LENIENT, "page": LENIENT},
    "feeds.tender_feed": {"lang": FEED_LANG, "limit": FEED_LIMIT, "kind": enum([k.value for k in NoticeKind])},
    "feeds.opml": {"lang": FEED_LANG},
    "calendars.search_calendar": {**FILTERS, "lang": FEED_LANG, "sort": LENIENT, "page": LENIENT},
    "calendars.tender_calendar": {"lang": FEED_LANG},
    "alerts.subscribe_search": {**FILTERS, "sort": LENIENT, "page": LENIENT},  # how a page is shown: not saved
    # Whole numbers up to 2^63 - 1; one past the log's size, or a reversed range, is a 400 too.
    "ledger_api.entries": {"start": number(0, 2**63 - 1), "end": number(0, 2**63 - 1)},
    "ledger_api.inclusion_proof": {"index": number(0, 2**63 - 1), "size": number(0, 2**63 - 1)},
    "ledger_api.consistency_proof": {"from": number(0, 2**63 - 1), "to": number(0, 2**63 - 1)},
    "api.notices": {"since": number(0, 2**31 - 1), "limit": number(1, 200)},
    "ocds.releases": {"cursor": number(1, 2**31 - 1), "limit": number(1, 500)},
}


def discovered_routes():
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return sorted((rule.endpoint, rule.rule) for rule in app.url_map.iter_rules()
                  if "GET" in rule.methods and not rule.endpoint.startswith(STAFF)
                  and rule.endpoint != "auth.logout")


ROUTES = discovered_routes()


@pytest.fixture(scope="module")
def site(template_database, tmp_path_factory):
    """One app and one catalogue for every example (a database per example would be too slow)."""
    clock = FixedClock(START)
    url = _fresh_database_url(template_database, tmp_path_factory.mktemp("fuzz"))
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": url, "CLOCK": clock})
    app.test_client_class = FreshClient
    with app.app_context():
        if PG_URL:
            _empty_tables()
        make = Factory(clock)
        refs = make.catalogue()
        document = make.tender().id  # a draft: its documents are not public
        db.session.commit()
        yield app, sorted(refs.values()), document
        db.session.remove()
        if PG_URL:
            _empty_tables()
        db.engine.dispose()


VARIABLE = re.compile(r"<(?:([a-z]+)(?:\(([^)]*)\))?:)?([a-z_]+)>")


def path_values(rule: str, refs: list[str]) -> dict[str, st.SearchStrategy[Value]]:
    """A strategy for each variable of the rule, by its converter."""
    found = {}
    for converter, options, name in VARIABLE.findall(rule):
        if converter == "int":
            found[name] = st.one_of(st.integers(0, 5), HUGE, st.just("١٢")).map(lambda n: Value(encoded(str(n)), None))
        elif converter == "any":
            found[name] = st.sampled_from([o.strip() for o in options.split(",")]).map(lambda o: Value(o, None))
        elif converter == "path":
            found[name] = st.one_of(st.just("style.css"), ANY_TEXT).map(lambda t: Value(encoded(t) or "x", None))
        else:
            found[name] = st.one_of(st.sampled_from(refs), ANY_TEXT.filter(lambda t: "/" not in t)).map(
                lambda t: Value(encoded(t) or "x", None))
    return found


def build_path(rule: str, values: dict[str, Value]) -> str:
    return VARIABLE.sub(lambda m: values[m.group(3)].raw, rule)


def params_for(endpoint: str):
    table = {"lang": LENIENT, **PARAMETERS.get(endpoint, {})}
    unknown = st.dictionaries(ANY_TEXT.filter(lambda k: k not in table and k.strip()), LENIENT, max_size=2)
    chosen = st.dictionaries(st.sampled_from(sorted(table)), st.none(), max_size=len(table)).flatmap(
        lambda names: st.fixed_dictionaries({name: table[name] for name in names}))
    return st.tuples(chosen, unknown)


def named(answer, name: str) -> bool:
    if answer.is_json:
        error = (answer.get_json(silent=True) or {}).get("error", {})
        return error.get("field") == name or f"“{name}”" in error.get("message", "")
    body = answer.get_data(as_text=True)
    return any(f"“{shown}”" in body or f"{shown}: " in body for shown in (name, str(escape(name))))


def check(answer, sent: dict[str, Value]) -> None:
    assert answer.status_code < 500, answer.get_data(as_text=True)[:2000]
    bad = [name for name, value in sent.items() if value.bad]
    if not bad or answer.status_code == 404:
        return  # a 404 answers the path (an unknown reference or id), before any parameter
    if answer.status_code >= 400:
        # The first problem found is named: a bad value, or one whose badness the test cannot tell,
        # or a good one that contradicts another (a range whose lower end is above its upper end).
        assert any(named(answer, name) for name in sent), (answer.status_code, bad, answer.get_data(as_text=True)[:800])
    else:
        assert answer.mimetype == "text/html", (answer.status_code, bad)  # the API and feeds refuse, never ignore
        missing = [name for name in bad if not named(answer, name)]
        assert not missing, (missing, answer.get_data(as_text=True)[:800])


@pytest.mark.parametrize(("endpoint", "rule"), ROUTES, ids=[e for e, _ in ROUTES])
def test_no_query_or_path_value_breaks_a_public_route(site, endpoint, rule):
    app, refs, _document = site
    client = app.test_client()

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.fixed_dictionaries(path_values(rule, refs)), params_for(endpoint))
    def property_holds(path_vars, params):
        known, unknown = params
        query = "&".join(f"{encoded(k)}={v.raw}" for k, v in [*known.items(), *unknown.items()])
        answer = client.get(build_path(rule, path_vars), query_string=query, headers={"Accept-Language": "en"})
        if any(unusable(name) for name in unknown):
            assert answer.status_code in (400, 404), answer.status_code  # a parameter's name no one can be told
            return
        check(answer, {**known, **{received(name): value for name, value in unknown.items() if value.bad}})

    property_holds()


def test_every_listed_endpoint_still_exists():
    assert set(PARAMETERS) <= {endpoint for endpoint, _ in ROUTES}
    assert {"tenders.index", "tenders.tender_list", "tenders.tender_detail", "notices.notice_detail", "api.tenders",
            "api.tender", "feeds.notices_feed", "feeds.tender_feed", "feeds.opml", "feeds.index",
            "documents.download"} <= {endpoint for endpoint, _ in ROUTES}
