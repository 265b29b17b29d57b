"""Chinese and English: choice of language, formats per locale, and a complete Chinese catalog."""

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from tender_board.i18n import day, moment, money, number, remaining, text, zone_name

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "tender_board" / "translations" / "zh" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}

MOMENT = datetime(2027, 3, 26, 14, 0, tzinfo=UTC)


def test_formats_per_locale(app):
    assert moment(MOMENT, lang="zh") == "2027年3月26日 22:00 (UTC+08:00)"
    assert moment(MOMENT, lang="en") == "26 Mar 2027, 22:00 (UTC+08:00)"
    assert moment(MOMENT, "Europe/Berlin", lang="en") == "26 Mar 2027, 15:00 (UTC+01:00)"
    assert moment(MOMENT, "Europe/Berlin", lang="en").endswith("(UTC+01:00)")
    assert day(MOMENT, lang="zh") == "2027年3月26日" and day(MOMENT, lang="en") == "26 Mar 2027"
    assert money(Decimal("1234567.5"), "CNY", lang="zh") == "¥1,234,567.50"
    assert money(Decimal("1234567.5"), "CNY", lang="en") == "CN¥1,234,567.50"
    assert money("450000", "USD", lang="zh") == "US$450,000.00"
    assert number(1234567, lang="en") == "1,234,567"


def test_zones_are_named_in_the_readers_language(app):
    assert zone_name("Asia/Shanghai", "zh") == "北京时间" and zone_name("Asia/Shanghai", "en") == "Beijing time"
    assert zone_name("Asia/Ho_Chi_Minh", "zh") == "越南时间"
    assert zone_name("Africa/Nairobi", "en") == "Kenya Time"


@pytest.mark.parametrize(("hours", "zh", "en"), [
    (24 * 12 + 3, "剩余 12 天 3 小时", "12 days 3 h left"),
    (24 + 0.5, "剩余 1 天 0 小时", "1 day 0 h left"),
    (5.25, "剩余 5 小时 15 分", "5 h 15 min left"),
    (0, "已截止", "closed"),
    (-3, "已截止", "closed"),
])
def test_time_remaining(app, hours, zh, en):
    from datetime import timedelta

    deadline = MOMENT + timedelta(hours=hours)
    assert remaining(deadline, MOMENT, "zh") == zh and remaining(deadline, MOMENT, "en") == en


def test_bilingual_text_falls_back_to_the_other_language(app):
    assert text({"zh": "维修", "en": "repair"}, "en") == "repair"
    assert text({"zh": "维修"}, "en") == "维修" and text({"en": "repair"}, "zh") == "repair"
    assert text(None, "zh") == ""


@pytest.mark.parametrize(("header", "lang"), [
    ("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"), ("zh-TW", "zh-CN"), ("en-US,en;q=0.9", "en"),
    ("fr-FR,en;q=0.5", "en"), ("fr-FR", "zh-CN"), ("", "zh-CN"),
])
def test_accept_language_chooses_when_nothing_else_does(client, header, lang):
    page = client.get("/tenders", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{lang}">' in page


def test_an_unknown_lang_parameter_is_ignored(client):
    response = client.get("/tenders?lang=klingon", headers={"Accept-Language": "en"})
    assert response.status_code == 200 and '<html lang="en">' in response.get_data(as_text=True)
    assert "lang=klingon" not in response.headers.get("Set-Cookie", "")


def message_ids() -> set[str]:
    method_map, options_map = parse_mapping_cfg((ROOT / "babel.cfg").open())
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_message_extraction_finds_templates_and_code():
    ids = message_ids()
    assert "Tenders" in ids  # templates
    assert "Local" in ids  # Python (lazy_gettext)
    assert len(ids) > 50


def test_every_message_has_a_chinese_translation():
    assert CATALOG.exists(), f"{CATALOG} is missing"
    with CATALOG.open("rb") as source:
        catalog = read_po(source, locale="zh")
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and m.string
                  and not m.fuzzy and (m.string if isinstance(m.string, str) else all(m.string))}
    missing = sorted(message_ids() - translated)
    assert missing == [], f"{len(missing)} messages without Chinese: {missing[:20]}"


def test_amounts_name_their_currency_the_same_way_in_both_languages():
    from decimal import Decimal

    from tender_board.i18n import money
    assert money(Decimal("2850000"), "USD", "en") == "US$2,850,000.00"
    assert money(Decimal("2850000"), "USD", "zh") == "US$2,850,000.00"
    assert money(Decimal("12300000"), "CNY", "en") == "CN¥12,300,000.00"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "evil", "/\\evil.example", ""])
def test_the_language_switch_never_leaves_the_site(client, target):
    switched = client.get("/language/en", query_string={"next": target})
    assert switched.status_code == 303 and switched.headers["Location"] == "/?lang=en"
    assert "lang=en" in switched.headers["Set-Cookie"]


@pytest.mark.parametrize("query", ["next=/%ED%A0%80", "next=/tenders%0D%0ASet-Cookie:%20a=b", "next=/" + "x" * 5000,
                                   "next=/[", "next=/tenders%3Fq%3D%25ZZ%26lang%3Dzh%26lang%3Den", "next=/a%20b%3Fq%3Da b",
                                   "next=%2F%E4%BD%BF%FF"])
def test_the_language_switch_turns_odd_addresses_into_well_formed_ones(client, query):
    switched = client.get("/language/en", query_string=query)
    assert switched.status_code == 303 and "lang=en" in switched.headers["Set-Cookie"]
    location = switched.headers["Location"]
    assert location.startswith("/") and location.endswith("lang=en") and location.count("lang=") == 1
    assert all(0x20 < ord(char) < 0x7F for char in location)  # percent-encoded: nothing a header could split on


def test_a_nul_in_the_address_is_refused_as_everywhere_and_sets_nothing(client):
    refused = client.get("/language/en", query_string="next=/x%00y")
    assert refused.status_code == 400 and "Set-Cookie" not in refused.headers


def test_the_language_switch_knows_only_the_boards_languages(client):
    refused = client.get("/language/klingon?next=/")
    assert refused.status_code == 404 and "Set-Cookie" not in refused.headers
