"""Bad input gets a clear error naming the field, in both languages, and stores nothing."""

from datetime import datetime, timedelta

import pytest

from tender_board.errors import DomainError
from tender_board.extensions import db
from tender_board.models import Notice, Tender
from tender_board.notices.operations import draft_notice

from .factories import tender_data

BAD_TENDERS = [
    ("country", {"country": "XX"}, "country"),
    ("country", {"country": "Vietnam"}, "country"),
    ("currency", {"value": {"amount": "100", "currency": "CNX"}}, "value.currency"),
    ("timezone", {"timezone": "Asia/Hanoi"}, "timezone"),
    ("timezone", {"timezone": "UTC+8"}, "timezone"),
    ("negative amount", {"value": {"amount": "-5", "currency": "CNY"}}, "value.amount"),
    ("zero amount", {"value": {"amount": "0", "currency": "CNY"}}, "value.amount"),
    ("non-numeric amount", {"value": {"amount": "一百万", "currency": "CNY"}}, "value.amount"),
    ("float amount", {"value": {"amount": 1234.5, "currency": "CNY"}}, "value.amount"),
    ("infinite amount", {"value": {"amount": "Infinity", "currency": "CNY"}}, "value.amount"),
    ("too many decimals", {"value": {"amount": "10.005", "currency": "CNY"}}, "value.amount"),
    ("yen has no cents", {"value": {"amount": "10.5", "currency": "JPY"}}, "value.amount"),
    ("huge amount", {"value": {"amount": "1e15", "currency": "CNY"}}, "value.amount"),
    ("title with no language", {"title": {}}, "title"),
    ("title blank in both", {"title": {"zh": " ", "en": ""}}, "title"),
    ("title in a third language", {"title": {"fr": "Travaux"}}, "title"),
    ("title not an object", {"title": "维修工程"}, "title"),
    ("unknown category", {"category": "military"}, "category"),
    ("unknown field", {"colour": "red"}, "colour"),
    ("unknown rule profile", {"rule_profile": "lenient"}, "rule_profile"),
    ("sandbox not a boolean", {"sandbox": "yes"}, "sandbox"),
]


@pytest.mark.parametrize("label, change, field", BAD_TENDERS, ids=[b[0] for b in BAD_TENDERS])
def test_bad_tender_is_refused_and_nothing_is_stored(app, make, label, change, field):
    manager = make.default("manager")
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        make.tender(manager=manager, **change)
    assert refused.value.field == field
    assert refused.value.status == 422
    assert refused.value.message["zh"] and refused.value.message["en"]
    db.session.rollback()
    assert db.session.query(Tender).count() == 0


@pytest.mark.parametrize("missing", ["category", "title", "country", "city", "timezone", "value",
                                     "procuring_entity", "agency", "description"])
def test_missing_required_field(app, make, missing):
    data = tender_data()
    del data[missing]
    from tender_board.tenders.operations import create_tender
    with pytest.raises(DomainError) as refused:
        create_tender(data, make.default("manager"))
    assert refused.value.field == missing and refused.value.code == "required"


def test_good_values_are_normalised(app, make):
    tender = make.tender(country="vn", value={"amount": "1,250,000.50", "currency": "usd"},
                         title={"zh": "  维修\x07工程 ", "en": ""})
    assert tender.country == "VN" and tender.value_currency == "USD"
    assert str(tender.value_amount) == "1250000.50"
    assert tender.title == {"zh": "维修工程"}


@pytest.mark.parametrize("field, value, code", [
    ("bid_deadline", "2027-04-01T10:00:00", "naive_datetime"),
    ("bid_deadline", "next Tuesday", "invalid"),
    ("documents_from", None, "invalid"),
    ("opening_place", {}, "required"),
])
def test_bad_announcement_fields(app, make, field, value, code):
    tender = make.tender()
    with pytest.raises(DomainError) as refused:
        draft_notice(tender, {**make.announcement(), field: value}, tender.manager)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert db.session.query(Notice).count() == 0


def test_documents_cannot_stay_on_sale_past_the_deadline(app, make, clock):
    tender = make.tender()
    data = {**make.announcement(days=25), "documents_until": (clock() + timedelta(days=26)).isoformat()}
    with pytest.raises(DomainError) as refused:
        draft_notice(tender, data, tender.manager)
    assert refused.value.field == "documents_until"


def test_a_naive_datetime_never_reaches_the_database(app, make):
    tender = make.tender()
    tender.bid_deadline = datetime(2027, 4, 1, 10, 0)
    with pytest.raises(Exception, match="naive datetime"):
        db.session.flush()
    db.session.rollback()


def test_an_unknown_notice_kind_is_refused(app, make):
    tender = make.tender()
    with pytest.raises(DomainError) as refused:
        draft_notice(tender, {"kind": "press_release"}, tender.manager)
    assert refused.value.field == "kind"
