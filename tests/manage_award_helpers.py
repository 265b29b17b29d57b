"""Helpers for the tests of the staff pages after the bid deadline: form data as a browser sends it."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from tender_board.auth.models import Role
from tender_board.extensions import db
from tender_board.notices.models import Notice

from .bids_helpers import committee
from .factories import BIDDERS, tender_bids
from .publishing_helpers import client_for


def local(moment, zone: str = "Asia/Ho_Chi_Minh") -> str:
    """A datetime-local value in `zone` for an aware moment."""
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def bid_rows(tender, count: int = 3, **overrides) -> dict:
    """The opening form's rows for `count` bids received before the deadline."""
    data = {}
    for i, (name, number, country) in enumerate(BIDDERS[:count]):
        row = {"name": name, "registration_number": number, "country": country,
               "price_amount": str(900000 + 10000 * i), "price_currency": "CNY",
               "received_at": local(tender.bid_deadline - timedelta(hours=5 + i), tender.timezone),
               "security": "", "status": "valid", "reason": "", **overrides}
        data.update({f"bids-{i}-{key}": value for key, value in row.items()})
    return data


def evaluation_form(tender, scores: dict | None = None, members: list[dict] | None = None, **extra) -> dict:
    """The evaluation form: two criteria (60, 40) and a score for every valid bid."""
    bids = [b for b in tender_bids(tender) if b.status.value == "valid"]
    data = {"method": "ratedCriteria", "report_document": "",
            "criteria-0-name_zh": "技术", "criteria-0-name_en": "Technical", "criteria-0-weight": "60",
            "criteria-1-name_zh": "报价", "criteria-1-name_en": "Price", "criteria-1-weight": "40"}
    for i, member in enumerate(members or committee()):
        data.update({f"committee-{i}-name": member["name"], f"committee-{i}-expertise": member["expertise"]})
    scores = scores or {b.registration_number: (50 - i, 35 - i) for i, b in enumerate(bids)}
    for bid in bids:
        for column, value in enumerate(scores.get(bid.registration_number, ())):
            data[f"score_{bid.id}_{column}"] = str(value)
    data.update(extra)
    return data


def signed_in(app, user, lang: str = "en"):
    """A browser signed in as `user`, reading in `lang` (Accept-Language)."""
    client = client_for(app, user)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    return client


def approve(app, make, notice_id: int):
    """An approver (not the author) approves the notice in the browser; returns the notice."""
    approver = make.default(Role.APPROVER)
    db.session.commit()
    answer = client_for(app, approver).post(f"/manage/notices/{notice_id}/approve")
    assert answer.status_code == 302, answer.get_data(as_text=True)
    notice = db.session.get(Notice, notice_id)
    db.session.refresh(notice)
    return notice


def latest_notice() -> Notice | None:
    return db.session.scalar(db.select(Notice).order_by(Notice.id.desc()).limit(1))
