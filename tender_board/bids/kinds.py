"""The notices of the second half of the lifecycle: opening, candidates, result, contract.

Each kind cleans what its drafter gives (`clean`), applies the statutory rules at a moment
(`check`: at drafting, at submission, and again at approval), and freezes what the public must
see when it is published (`publish`).
"""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from .. import validation as v
from ..errors import invalid
from ..extensions import db
from ..notices.kinds import KindSpec, _time
from ..notices.models import Notice, NoticeKind, NoticeStatus
from ..tenders import rules
from ..tenders.models import Tender
from .candidates import check_candidates, clean_candidates, publish_candidates
from .models import Bid, BidStatus, Evaluation, Objection
from .opening import clean_bids, received_count, security_over_limit

# --- opening record (开标记录) -----------------------------------------------------------------


def clean_opening(tender: Tender, data: dict) -> dict:
    return {"bids": clean_bids(tender, data.get("bids"))}


def check_opening(tender: Tender, notice: Notice, now: datetime) -> None:
    """Bid security at most 2% of the estimated value; no opening with fewer than 3 bids."""
    profile = rules.profile(tender.rule_profile)
    bids = notice.payload["bids"]
    over = security_over_limit(tender, bids)
    if over is not None:
        i, limit = over
        raise rules.violation(
            profile["bid_security_max"],
            f"投标保证金 {bids[i]['security']} 超过上限 {limit:.2f}（估算价的 2%）。",
            f"The bid security {bids[i]['security']} exceeds the limit of {limit:.2f} "
            "(2% of the estimated value).", f"bids[{i}].security")
    received = received_count(bids)
    if received < int(profile["min_bids"].number):
        raise rules.violation(
            profile["min_bids"], f"仅收到 {received} 份投标，不得开标，应发布流标公告。",
            f"Only {received} bids arrived: there is no opening; publish a failure notice.",
            "bids", bid_deadline=tender.bid_deadline)


def publish_opening(tender: Tender, notice: Notice, now: datetime) -> None:
    for bid in notice.payload["bids"]:
        db.session.add(Bid(
            tender_id=tender.id, notice_id=notice.id, bidder_name=bid["bidder"]["name"],
            registration_number=bid["bidder"]["registration_number"],
            bidder_country=bid["bidder"]["country"], received_at=_time(bid, "received_at"),
            price_amount=Decimal(bid["price"]["amount"]), price_currency=bid["price"]["currency"],
            security_amount=Decimal(bid["security"]) if bid["security"] else None,
            status=BidStatus(bid["status"]), reason=bid["reason"]))


# --- result (中标结果公告) ---------------------------------------------------------------------


def published_notice(tender: Tender, kind: NoticeKind) -> Notice | None:
    return db.session.scalar(select(Notice).where(
        Notice.tender_id == tender.id, Notice.kind == kind,
        Notice.status == NoticeStatus.PUBLISHED).order_by(Notice.id.desc()).limit(1))


def clean_result(tender: Tender, data: dict) -> dict:
    """The winner is a published candidate: the first one unless a recorded reason says otherwise."""
    candidates_notice = published_notice(tender, NoticeKind.CANDIDATES)
    if candidates_notice is None:
        raise invalid(None, "中标候选人尚未公示。", "The candidates have not been published.",
                      "no_candidates")
    candidates = candidates_notice.payload["candidates"]
    winner = data.get("winner")
    winner = winner.strip().upper() if isinstance(winner, str) else winner
    if winner not in candidates:
        raise invalid("winner", f"中标人应为公示的中标候选人之一：{', '.join(candidates)}。",
                      f"The winner must be one of the published candidates: {', '.join(candidates)}.",
                      "winner_not_candidate")
    reason = v.bilingual(data.get("reason"), "reason", 5000, required=winner != candidates[0])
    entry = next(r for r in candidates_notice.payload["ranking"] if r["registration_number"] == winner)
    return {"winner": winner, "bidder": entry["bidder"], "price": entry["price"],
            "rank": entry["rank"], "reason": reason}


def check_result(tender: Tender, notice: Notice, now: datetime) -> None:
    """Not before the objection window ends, nor while an objection is unanswered (Reg. art. 54)."""
    profile = rules.profile(tender.rule_profile)
    candidates_notice = published_notice(tender, NoticeKind.CANDIDATES)
    window_end = _time(candidates_notice.payload, "objections_until")
    if now < window_end:
        raise rules.violation(
            profile["objection_window"], "公示期尚未结束，不能发布中标结果。",
            "The objection window has not ended: the result cannot be published yet.",
            None, candidates_published=candidates_notice.published_at, window_end=window_end)
    unanswered = db.session.scalar(select(Objection).where(
        Objection.tender_id == tender.id, Objection.answered_at.is_(None))
        .order_by(Objection.id).limit(1))
    if unanswered is not None:
        raise rules.violation(
            profile["objection_answer"], "尚有异议未答复，招标投标活动暂停。",
            "An objection is still unanswered: the procedure waits for the answer.", None,
            objection=unanswered.submitted_at, answer_due=unanswered.answer_due)


def publish_result(tender: Tender, notice: Notice, now: datetime) -> None:
    """The committee's names become public with the result (Law art. 37), with the full report."""
    profile = rules.profile(tender.rule_profile)
    candidates_notice = published_notice(tender, NoticeKind.CANDIDATES)
    evaluation = db.session.get(Evaluation, candidates_notice.payload["evaluation_id"])
    notice.payload = {
        **notice.payload,
        "committee": [{"name": m.name, "expertise": m.expertise.value} for m in evaluation.members],
        "contract_due": (now + profile.days("contract_within", tender.clock_rate)).isoformat(),
    }
    report = evaluation.report_document
    if report is not None and report not in notice.documents:
        notice.documents.append(report)


# --- contract (合同签订) -----------------------------------------------------------------------


def clean_contract(tender: Tender, data: dict) -> dict:
    signed = v.aware_datetime(data.get("signed_at"), "signed_at")
    amount, currency = v.money(data.get("value"), "value")
    result = published_notice(tender, NoticeKind.RESULT)
    if result is not None and signed < result.published_at:
        raise invalid("signed_at", "合同签订时间不能早于中标结果公告。",
                      "The contract cannot be signed before the result was published.")
    return {"signed_at": signed.isoformat(),
            "value": {"amount": v.canonical_amount(amount, currency), "currency": currency}}


def check_contract(tender: Tender, notice: Notice, now: datetime) -> None:
    if _time(notice.payload, "signed_at") > now:
        raise invalid("signed_at", "合同签订时间不能晚于当前时间。", "The signing date is in the future.")


def contract_due(tender: Tender, result: Notice) -> datetime:
    """30 days after the result (Law art. 46), shortened for a sandbox tender."""
    profile = rules.profile(tender.rule_profile)
    return result.published_at + profile.days("contract_within", tender.clock_rate)


def publish_contract(tender: Tender, notice: Notice, now: datetime) -> None:
    """A contract later than the law allows is published all the same, and flagged overdue."""
    due = contract_due(tender, published_notice(tender, NoticeKind.RESULT))
    notice.payload = {**notice.payload, "due": due.isoformat(),
                      "overdue": _time(notice.payload, "signed_at") > due}


SPECS: dict[NoticeKind, KindSpec] = {
    NoticeKind.OPENING: KindSpec(clean_opening, check_opening, publish_opening),
    NoticeKind.CANDIDATES: KindSpec(clean_candidates, check_candidates, publish_candidates,
                                    drafted_by_evaluator=True),
    NoticeKind.RESULT: KindSpec(clean_result, check_result, publish_result),
    NoticeKind.CONTRACT: KindSpec(clean_contract, check_contract, publish_contract),
}
