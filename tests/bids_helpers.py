"""Helpers for the bids, evaluation, objections and award tests."""

from datetime import timedelta

from flask import render_template_string

from tender_board.auth.models import Role
from tender_board.extensions import db
from tender_board.notices.operations import draft_notice, submit_notice

from .factories import tender_bids


def committee(size: int = 5, experts: int = 4) -> list[dict]:
    return [{"name": f"评委{chr(0x7532 + i)}{chr(0x4e00 + i)}",
             "expertise": ("technical", "economic")[i % 2] if i < experts else "representative"}
            for i in range(size)]


def evaluation_body(tender, scores: dict | None = None, **overrides) -> dict:
    """A valid rated-criteria evaluation; `scores` maps registration number → (tech, price)."""
    bids = [b for b in tender_bids(tender) if b.status.value == "valid"]
    scores = scores or {b.registration_number: (50 - i, 40 - i) for i, b in enumerate(bids)}
    body = {"method": "ratedCriteria", "committee": committee(),
            "criteria": [{"name": {"zh": "技术", "en": "Technical"}, "weight": "60"},
                         {"name": {"zh": "报价", "en": "Price"}, "weight": "40"}],
            "scores": [{"bid": number, "criterion": c, "value": str(value)}
                       for number, values in scores.items() for c, value in enumerate(values)]}
    body.update(overrides)
    return body


def draft_and_submit(tender, data: dict, author=None):
    author = author or tender.manager
    notice = draft_notice(tender, data, author)
    submit_notice(notice, author)
    return notice


def sections(app, tender, now, lang: str = "en") -> str:
    """The tender page's bids sections as a reader in `lang` sees them."""
    with app.test_request_context(f"/?lang={lang}"):
        return render_template_string('{% include "bids/_sections.html" %}', tender=tender, now=now)


def bearer(make, role: Role | str, user=None) -> dict:
    return make.token(user or make.default(role))


def commit() -> None:
    db.session.commit()


def after_deadline(tender, clock, hours: float = 1) -> None:
    clock.at = tender.bid_deadline + timedelta(hours=hours)
