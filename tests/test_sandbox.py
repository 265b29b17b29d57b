"""Sandbox tenders: every rule holds, on a clock that runs SANDBOX_ACCELERATION times faster."""

from datetime import timedelta

import pytest

from tender_board.errors import RuleViolation
from tender_board.extensions import db
from tender_board.notices.operations import draft_notice
from tender_board.tenders.lifecycle import Status


def test_twenty_days_pass_in_twenty_seconds(app, make, clock):
    tender = make.tender(sandbox=True)  # acceleration 86400 in tests: a day per second
    assert tender.reference.startswith("SBX-") and tender.clock_rate == 86400
    short = {**make.announcement(), "bid_deadline": (clock() + timedelta(seconds=19)).isoformat(),
             "documents_until": (clock() + timedelta(seconds=6)).isoformat()}
    with pytest.raises(RuleViolation) as refused:
        draft_notice(tender, short, tender.manager)
    assert refused.value.rule["code"] == "bid_period"
    make.publish(tender, {**short, "bid_deadline": (clock() + timedelta(seconds=20)).isoformat()})
    assert tender.status_at(clock()) == Status.OPEN
    clock.advance(seconds=21)
    assert tender.status_at(clock()) == Status.CLOSED


def test_default_acceleration_makes_a_day_pass_in_a_minute(make_app, clock):
    app = make_app(SANDBOX_ACCELERATION=1440)
    with app.app_context():
        from .factories import Factory
        make = Factory(clock)
        tender = make.tender(sandbox=True)
        make.publish(tender, {**make.announcement(),
                              "bid_deadline": (clock() + timedelta(minutes=20)).isoformat(),
                              "documents_until": (clock() + timedelta(minutes=5)).isoformat()})
        clock.advance(minutes=19, seconds=59)
        assert tender.status_at(clock()) == Status.OPEN
        clock.advance(seconds=1)
        assert tender.status_at(clock()) == Status.CLOSED
        db.session.rollback()


def test_sandbox_tenders_stay_out_of_listings_and_the_ledger_unless_asked(app, client, make):
    real = make.open_tender()
    sandbox = make.open_tender(sandbox=True, title={"zh": "培训用沙盒项目"})
    db.session.commit()
    listed = client.get("/tenders").get_data(as_text=True)
    assert real.reference in listed and sandbox.reference not in listed
    api = [t["reference"] for t in client.get("/api/v1/tenders").get_json()["items"]]
    assert api == [real.reference]
    shown = client.get("/tenders?sandbox=1").get_data(as_text=True)
    assert sandbox.reference in shown and real.reference not in shown
    assert "Sandbox" in client.get("/tenders?sandbox=1&lang=en").get_data(as_text=True)
    assert client.get("/api/v1/tenders?sandbox=1").get_json()["items"][0]["sandbox"] is True
    page = client.get(f"/tenders/{sandbox.reference}?lang=en").get_data(as_text=True)
    assert "Sandbox" in page
    assert sandbox.published_notices[0].sequence is None
    assert real.published_notices[0].sequence == 1
