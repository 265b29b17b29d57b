"""The notices of the second half of the lifecycle: opening, candidates, result, contract."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from .. import validation as v
from ..errors import invalid
from ..extensions import db
from ..notices.kinds import KindSpec, _nothing, _time
from ..notices.models import Notice, NoticeKind, NoticeStatus
from ..tenders import rules
from ..tenders.models import Tender
from .evaluation import TIE_RULE, latest_evaluation, opening_bids, ranking
from .models import Bid, BidStatus, Objection

# --- opening record (开标记录) -----------------------------------------------------------------


def _clean_bid(tender: Tender, raw, i: int) -> dict:
    field = f"bids[{i}]"
    if not isinstance(raw, dict) or not isinstance(raw.get("bidder"), dict):
        raise invalid(field, "投标记录格式无效。", "Invalid bid record.")
    bidder = raw["bidder"]
    amount, currency = v.money(raw.get("price"), f"{field}.price")
    received = v.aware_datetime(raw.get("received_at"), f"{field}.received_at")
    if received > tender.bid_deadline:
        raise invalid(f"{field}.received_at", "该投标在截止时间之后递交，应当拒收。",
                      "This bid arrived after the deadline and must be refused.", "late_bid")
    security = raw.get("security")
    if security is not None:
        security_amount, security_currency = v.money(security, f"{field}.security")
        if security_currency != tender.value_currency:
            raise invalid(f"{field}.security.currency",
                          f"投标保证金应以招标估算价的币种（{tender.value_currency}）计。",
                          f"The bid security is given in the estimated value's currency "
                          f"({tender.value_currency}).")
        security = str(security_amount)
    status = v.choice(raw.get("status", "valid"), BidStatus, f"{field}.status")
    reason = v.clean_text(raw.get("reason"), f"{field}.reason", 2000,
                          required=status != BidStatus.VALID)
    return {
        "bidder": {"name": v.clean_text(bidder.get("name"), f"{field}.bidder.name", 300),
                   "registration_number": v.clean_text(bidder.get("registration_number"),
                                                       f"{field}.bidder.registration_number", 80),
                   "country": v.country(bidder.get("country"), f"{field}.bidder.country")},
        "price": {"amount": str(amount), "currency": currency},
        "received_at": received.isoformat(), "security": security,
        "status": status.value, "reason": reason,
    }


def clean_opening(tender: Tender, data: dict) -> dict:
    raw = data.get("bids")
    if not isinstance(raw, list):
        raise invalid("bids", "请列出收到的全部投标。", "List every bid received.", "required")
    bids = [_clean_bid(tender, b, i) for i, b in enumerate(raw)]
    numbers = [b["bidder"]["registration_number"] for b in bids]
    for i, number in enumerate(numbers):
        if number in numbers[:i]:
            raise invalid(f"bids[{i}].bidder.registration_number", f"投标人 {number} 重复列出。",
                          f"The bidder {number} is listed twice.", "duplicate_bidder")
    return {"bids": bids}


def check_opening(tender: Tender, notice: Notice, now: datetime) -> None:
    profile = rules.profile(tender.rule_profile)
    limit = tender.value_amount * Decimal(profile["bid_security_max"].number)
    for i, bid in enumerate(notice.payload["bids"]):
        if bid["security"] is not None and Decimal(bid["security"]) > limit:
            raise rules.violation(
                profile["bid_security_max"],
                f"投标保证金 {bid['security']} 超过上限 {limit:.2f}。",
                f"The bid security {bid['security']} exceeds the limit of {limit:.2f}.",
                f"bids[{i}].security")
    received = [b for b in notice.payload["bids"] if b["status"] != BidStatus.WITHDRAWN]
    minimum = int(profile["min_bids"].number)
    if len(received) < minimum:
        raise rules.violation(
            profile["min_bids"], f"仅收到 {len(received)} 份投标，不得开标，应发布流标公告。",
            f"Only {len(received)} bids arrived: there is no opening; publish a failure notice.",
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


# --- candidates (中标候选人公示) ---------------------------------------------------------------


def clean_candidates(tender: Tender, data: dict) -> dict:
    evaluation = latest_evaluation(tender)
    if evaluation is None:
        raise invalid(None, "尚未录入评标结果。", "No evaluation has been recorded yet.", "no_evaluation")
    ranked = ranking(evaluation, opening_bids(tender))
    wanted = data.get("candidates")
    if not isinstance(wanted, list) or not wanted:
        raise invalid("candidates", "请按排名列出中标候选人。", "List the candidates in rank order.",
                      "required")
    order = [r.bid.registration_number for r in ranked]
    if wanted != order[:len(wanted)]:
        raise invalid("candidates", f"候选人应按系统计算的排名依次列出：{', '.join(order[:3])}。",
                      f"Candidates follow the computed ranking: {', '.join(order[:3])}.",
                      "ranking_mismatch")
    return {"evaluation_id": evaluation.id, "candidates": wanted}


def check_candidates(tender: Tender, notice: Notice, now: datetime) -> None:
    profile = rules.profile(tender.rule_profile)
    count = len(notice.payload["candidates"])
    if count > int(profile["max_candidates"].number):
        raise rules.violation(profile["max_candidates"], f"列出了 {count} 名候选人。",
                              f"{count} candidates were listed.", "candidates")
    evaluation = latest_evaluation(tender)
    latest = evaluation.report_at + profile.days("candidates_within", tender.clock_rate)
    if now > latest:
        raise rules.violation(
            profile["candidates_within"], "距评标报告已超过 3 日，公示逾期。",
            "More than 3 days have passed since the evaluation report.",
            None, report=evaluation.report_at, latest=latest)


def publish_candidates(tender: Tender, notice: Notice, now: datetime) -> None:
    """Freeze the ranking and scores as published, and open the objection window."""
    profile = rules.profile(tender.rule_profile)
    evaluation = latest_evaluation(tender)
    ranked = ranking(evaluation, opening_bids(tender))
    evaluation.notice_id = notice.id
    notice.payload = {
        **notice.payload,
        "method": evaluation.method.value,
        "tie_rule": TIE_RULE,
        "criteria": [{"name": c.name, "weight": str(c.weight)} for c in evaluation.criteria],
        "ranking": [{"rank": r.rank, "registration_number": r.bid.registration_number,
                     "bidder": r.bid.bidder_name, "total": str(r.total),
                     "price": {"amount": str(r.bid.price_amount), "currency": r.bid.price_currency},
                     "scores": [str(s.value) for s in sorted(
                         (s for s in evaluation.scores if s.bid_id == r.bid.id),
                         key=lambda s: s.criterion.position)]}
                    for r in ranked],
        "committee_size": len(evaluation.members),
        "report_at": evaluation.report_at.isoformat(),
        "objections_until": (now + profile.days("objection_window", tender.clock_rate)).isoformat(),
    }


# --- result (中标结果公告) and contract (合同签订) ---------------------------------------------


def published_notice(tender: Tender, kind: NoticeKind) -> Notice | None:
    return db.session.scalar(select(Notice).where(
        Notice.tender_id == tender.id, Notice.kind == kind,
        Notice.status == NoticeStatus.PUBLISHED).order_by(Notice.id.desc()).limit(1))


def clean_result(tender: Tender, data: dict) -> dict:
    candidates_notice = published_notice(tender, NoticeKind.CANDIDATES)
    if candidates_notice is None:
        raise invalid(None, "中标候选人尚未公示。", "The candidates have not been published.",
                      "no_candidates")
    candidates = candidates_notice.payload["candidates"]
    winner = data.get("winner")
    if winner not in candidates:
        raise invalid("winner", f"中标人应为公示的候选人之一：{', '.join(candidates)}。",
                      f"The winner must be one of the published candidates: {', '.join(candidates)}.",
                      "winner_not_candidate")
    reason = v.bilingual(data.get("reason"), "reason", 5000, required=winner != candidates[0])
    entry = next(r for r in candidates_notice.payload["ranking"] if r["registration_number"] == winner)
    return {"winner": winner, "bidder": entry["bidder"], "price": entry["price"],
            "rank": entry["rank"], "reason": reason}


def check_result(tender: Tender, notice: Notice, now: datetime) -> None:
    profile = rules.profile(tender.rule_profile)
    candidates_notice = published_notice(tender, NoticeKind.CANDIDATES)
    window_end = _time(candidates_notice.payload, "objections_until")
    if now < window_end:
        raise rules.violation(
            profile["objection_window"], "公示期尚未结束。", "The objection window has not ended.",
            None, candidates_published=candidates_notice.published_at, window_end=window_end)
    unanswered = db.session.scalar(select(Objection.id).where(
        Objection.tender_id == tender.id, Objection.answered_at.is_(None)).limit(1))
    if unanswered is not None:
        raise rules.violation(profile["objection_answer"], "尚有异议未答复。",
                              "An objection is still unanswered.", None)


def clean_contract(tender: Tender, data: dict) -> dict:
    signed = v.aware_datetime(data.get("signed_at"), "signed_at")
    amount, currency = v.money(data.get("value"), "value")
    result = published_notice(tender, NoticeKind.RESULT)
    if result is not None and signed < result.published_at:
        raise invalid("signed_at", "合同签订时间不能早于中标结果公告。",
                      "The contract cannot be signed before the result was published.")
    return {"signed_at": signed.isoformat(), "value": {"amount": str(amount), "currency": currency}}


def check_contract(tender: Tender, notice: Notice, now: datetime) -> None:
    if _time(notice.payload, "signed_at") > now:
        raise invalid("signed_at", "合同签订时间不能晚于当前时间。", "The signing date is in the future.")


def publish_contract(tender: Tender, notice: Notice, now: datetime) -> None:
    """A contract later than the law allows is published all the same, and flagged overdue."""
    profile = rules.profile(tender.rule_profile)
    result = published_notice(tender, NoticeKind.RESULT)
    due = result.published_at + profile.days("contract_within", tender.clock_rate)
    notice.payload = {**notice.payload, "due": due.isoformat(),
                      "overdue": _time(notice.payload, "signed_at") > due}


SPECS: dict[NoticeKind, KindSpec] = {
    NoticeKind.OPENING: KindSpec(clean_opening, check_opening, publish_opening),
    NoticeKind.CANDIDATES: KindSpec(clean_candidates, check_candidates, publish_candidates,
                                    drafted_by_evaluator=True),
    NoticeKind.RESULT: KindSpec(clean_result, check_result, _nothing),
    NoticeKind.CONTRACT: KindSpec(clean_contract, check_contract, publish_contract),
}
