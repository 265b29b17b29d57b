"""Dates and amounts read exactly as Babel writes them with the board's patterns, in both
languages: the page formats them without Babel, for speed, and must not say anything else."""

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_currency
from hypothesis import given
from hypothesis import strategies as st

from tender_board import i18n

ZONES = st.sampled_from(["Asia/Shanghai", "Asia/Ho_Chi_Minh", "Africa/Nairobi", "Europe/Berlin",
                         "America/Sao_Paulo", "Pacific/Auckland", "Asia/Kolkata", "UTC"])
MOMENTS = st.datetimes(datetime(1900, 1, 2), datetime(2199, 12, 30), timezones=st.just(UTC))
LANGS = st.sampled_from(["zh", "en"])
CURRENCIES = st.sampled_from(["CNY", "USD", "EUR", "JPY", "KES", "VND", "BRL", "EGP", "THB", "KWD", "GBP", "XXX"])
AMOUNTS = st.one_of(st.decimals(0, 10**12, places=2), st.decimals(0, 10**6, places=4),
                    st.integers(0, 10**12).map(Decimal), st.sampled_from(
                        [Decimal("0"), Decimal("-0"), Decimal("0.005"), Decimal("0.015"), Decimal("2.5"),
                         Decimal("1234567.555"), Decimal("-12.30"), Decimal("999999.995")]))


@given(MOMENTS, ZONES, LANGS)
def test_a_moment_and_a_day_read_as_babel_writes_them(value, zone, lang):
    local = value.astimezone(ZoneInfo(zone))
    offset = local.strftime("%z")
    babel_moment = format_datetime(local, i18n.DATE_TIME[lang], tzinfo=local.tzinfo, locale=lang)
    assert i18n.moment(value, zone, lang) == f"{babel_moment} (UTC{offset[:3]}:{offset[3:]})"
    assert i18n.day(value, zone, lang) == format_datetime(local, i18n.DATE[lang], locale=lang)


@given(AMOUNTS, CURRENCIES, LANGS)
def test_an_amount_reads_as_babel_writes_it(amount, currency, lang):
    assert i18n.money(amount, currency, lang) == format_currency(amount, currency, locale=i18n.NUMBER_LOCALES[lang])


def test_known_amounts_and_dates_in_both_languages():
    assert i18n.money(Decimal("46800000.00"), "CNY", "zh") == "¥46,800,000.00"
    assert i18n.money("450000.00", "USD", "en") == "US$450,000.00"
    assert i18n.money(Decimal("1234567.5"), "JPY", "en") == "JP¥1,234,568"
    when = datetime(2027, 9, 5, 1, 30, tzinfo=UTC)
    assert i18n.moment(when, "Asia/Shanghai", "zh") == "2027年9月5日 09:30 (UTC+08:00)"
    assert i18n.moment(when, "Asia/Shanghai", "en") == "5 Sep 2027, 09:30 (UTC+08:00)"
    assert i18n.day(when, "America/Sao_Paulo", "en") == "4 Sep 2027"
