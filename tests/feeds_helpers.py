"""Helpers for the feed tests: tenders whose notices cover every kind, and parsed feeds."""

import re
from datetime import timedelta

import feedparser

from tender_board.extensions import db
from tender_board.notices.models import Notice, NoticeStatus

FORMATS = ("rss", "atom")


def every_kind(make, clock) -> dict:
    """Published tenders whose notices, together, are of all eight kinds."""
    awarded, _evaluation = make.publicity_tender()  # announcement, opening, candidates
    candidates = next(n for n in awarded.notices if n.kind.value == "candidates")
    clock.advance(days=4)  # the objection window has passed
    make.publish(awarded, {"kind": "result", "winner": candidates.payload["candidates"][0]})
    make.publish(awarded, {"kind": "contract", "signed_at": clock().isoformat(),
                           "value": {"amount": "950000.00", "currency": "CNY"}})
    amended = make.open_tender(country="KE", city="Nairobi", timezone="Africa/Nairobi",
                               title={"zh": "驻肯尼亚使馆围墙工程", "en": "Embassy in Nairobi: perimeter wall"})
    make.publish(amended, {"kind": "amendment",
                           "changes": {"bid_deadline": (amended.bid_deadline + timedelta(days=5)).isoformat()},
                           "rationale": {"zh": "应投标人要求延期。", "en": "Extended at bidders' request."}})
    cancelled = make.open_tender(category="domestic", country="CN", city="Beijing", timezone="Asia/Shanghai",
                                 title={"zh": "北京办公楼改造工程", "en": "Beijing office refurbishment"})
    make.publish(cancelled, {"kind": "termination", "reason": {"zh": "项目取消。", "en": "Project cancelled."}})
    failed = make.open_tender(title={"zh": "驻越南使馆官邸维修", "en": "Hanoi residence repair"})
    clock.at = failed.bid_deadline + timedelta(hours=1)
    make.publish(failed, {"kind": "failure", "reason_code": "fewer_bids",
                          "reason": {"zh": "投标人不足三家。", "en": "Fewer than three bids."}})
    db.session.commit()
    return {"awarded": awarded, "amended": amended, "cancelled": cancelled, "failed": failed}


def parse(response):
    """The feed as a feed reader sees it; fails the test if it is not well formed."""
    assert response.status_code == 200, response.get_data(as_text=True)
    parsed = feedparser.parse(response.data, response_headers={"content-type": response.content_type})
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def guids(parsed) -> list[str]:
    return [entry.id for entry in parsed.entries]


def permalink(notice) -> str:
    return f"http://tenders.test/tenders/{notice.tender.reference}/notices/{notice.number}"


def published_notices(*tenders) -> list:
    """The published notices of these tenders, newest first, as the feeds order them."""
    notices = [n for t in tenders for n in t.notices if n.status == NoticeStatus.PUBLISHED]
    return sorted(notices, key=lambda n: (n.published_at, n.id), reverse=True)


def all_published() -> list:
    return db.session.query(Notice).filter(Notice.status == NoticeStatus.PUBLISHED).all()


def listed_references(html: str) -> set[str]:
    """The tenders a search page lists: the links to tender pages."""
    return set(re.findall(r'href="/tenders/([A-Z]+-\d{4}-[A-Z]{2}-\d+)"', html))
