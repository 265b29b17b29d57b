"""Evaluation (评标): the committee, the criteria, the scores, and the ranking the system computes.

Totals and ranks are never typed in: `ranking` derives them from the scores every time.
Tie rule: equal totals rank the lower price first, then the earlier bid, then the order of the
opening record.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import select

from .. import validation as v
from ..auth.models import Role
from ..clock import now as clock_now
from ..errors import Refusals, conflict, forbidden, invalid
from ..extensions import db
from ..tenders import rules
from ..tenders.lifecycle import Status
from ..tenders.models import Tender
from .models import (
    Bid,
    BidStatus,
    CommitteeMember,
    Criterion,
    Evaluation,
    EvaluationMethod,
    Expertise,
    Rejection,
    Score,
)

TIE_RULE = {"zh": "总分相同时，投标报价低者优先；报价相同时，递交时间早者优先；仍相同时，按开标记录顺序。",
            "en": "Equal totals rank the lower price first, then the earlier bid, "
                  "then the order of the opening record."}
PRICE_TIE_RULE = {"zh": "评标价相同时，递交时间早者优先；仍相同时，按开标记录顺序。",
                  "en": "Equal evaluated prices rank the earlier bid first, "
                        "then the order of the opening record."}


@dataclass(frozen=True)
class Ranked:
    bid: Bid
    total: Decimal  # the score out of 100, or the evaluated price for priceOnly
    rank: int


def standing(evaluation: Evaluation | None, bids: Iterable[Bid]) -> list[Bid]:
    """Bids still in the competition: valid at the opening and not rejected by the committee."""
    rejected = evaluation.rejected_bid_ids if evaluation else set()
    return [b for b in bids if b.status == BidStatus.VALID and b.id not in rejected]


def ranking(evaluation: Evaluation, bids: list[Bid]) -> list[Ranked]:
    """Standing bids in rank order, with totals computed from the scores."""
    valid = standing(evaluation, bids)
    if evaluation.method == EvaluationMethod.PRICE_ONLY:
        ordered = sorted(valid, key=lambda b: (b.price_amount, b.received_at, b.id))
        return [Ranked(b, b.price_amount, i + 1) for i, b in enumerate(ordered)]
    totals = {b.id: Decimal(0) for b in valid}
    for score in evaluation.scores:
        if score.bid_id in totals:
            totals[score.bid_id] += score.value
    ordered = sorted(valid, key=lambda b: (-totals[b.id], b.price_amount, b.received_at, b.id))
    return [Ranked(b, totals[b.id], i + 1) for i, b in enumerate(ordered)]


def shown_total(evaluation: Evaluation, ranked: Ranked) -> str:
    """A total as published: points with 2 decimals, or the evaluated price in its currency."""
    if evaluation.method == EvaluationMethod.PRICE_ONLY:
        return v.canonical_amount(ranked.total, ranked.bid.price_currency)
    return f"{ranked.total:.2f}"


def tie_rule(evaluation: Evaluation) -> dict:
    return PRICE_TIE_RULE if evaluation.method == EvaluationMethod.PRICE_ONLY else TIE_RULE


def opening_bids(tender: Tender) -> list[Bid]:
    return list(db.session.scalars(select(Bid).where(Bid.tender_id == tender.id).order_by(Bid.id)))


def latest_evaluation(tender: Tender) -> Evaluation | None:
    return db.session.scalar(select(Evaluation).where(Evaluation.tender_id == tender.id)
                             .order_by(Evaluation.id.desc()).limit(1))


def standing_count(tender: Tender) -> int:
    """How many bids are still valid now, after the latest evaluation's rejections."""
    return len(standing(latest_evaluation(tender), opening_bids(tender)))


def computed_ranking(tender: Tender) -> dict:
    """The latest evaluation and the ranking computed from it, as the staff pages show them."""
    evaluation = latest_evaluation(tender)
    ranked = ranking(evaluation, opening_bids(tender)) if evaluation else []
    scores = {(s.bid_id, s.criterion_id): s.value for s in evaluation.scores} if evaluation else {}
    return {"evaluation": evaluation, "ranked": ranked, "scores": scores,
            "totals": {r.bid.id: shown_total(evaluation, r) for r in ranked},
            "tie_rule": tie_rule(evaluation) if evaluation else None}


# --- the committee (评标委员会) ---------------------------------------------------------------

def check_committee(tender: Tender, members: list[CommitteeMember]) -> None:
    """Odd, at least 5, experts at least two thirds (Law art. 37): numbers from the profile."""
    profile = rules.profile(tender.rule_profile)
    minimum = int(profile["committee_min"].number)
    if len(members) < minimum or len(members) % 2 == 0:
        raise rules.violation(
            profile["committee_min"], f"评标委员会为 {len(members)} 人。",
            f"The committee has {len(members)} members.", "committee")
    experts = sum(1 for m in members if m.expertise != Expertise.REPRESENTATIVE)
    share = Fraction(profile["committee_experts"].number)
    if Fraction(experts, len(members)) < share:
        raise rules.violation(
            profile["committee_experts"], f"专家 {experts} 人，共 {len(members)} 人。",
            f"{experts} of {len(members)} members are experts.", "committee")


def _committee(tender: Tender, data) -> list[CommitteeMember]:
    members = _members(data)
    check_committee(tender, members)
    return members


def _members(data) -> list[CommitteeMember]:
    if not isinstance(data, list) or not data:
        raise invalid("committee", "请列出评标委员会成员。", "List the committee members.", "required")
    members, names = [], set()
    for i, raw in enumerate(data):
        raw = raw if isinstance(raw, dict) else {}
        name = v.clean_text(raw.get("name"), f"committee[{i}].name", 200)
        if name in names:
            raise invalid(f"committee[{i}].name", f"成员 {name} 重复列出。",
                          f"The member {name} is listed twice.", "duplicate_member")
        names.add(name)
        members.append(CommitteeMember(name=name, expertise=v.choice(
            raw.get("expertise"), Expertise, f"committee[{i}].expertise")))
    return members


# --- criteria, rejections and scores ------------------------------------------------------------

def _criteria(method: EvaluationMethod, data) -> list[Criterion]:
    if method == EvaluationMethod.PRICE_ONLY:
        if data:
            raise invalid("criteria", "最低价法不设评分项。", "Price-only evaluation has no criteria.")
        return []
    if not isinstance(data, list) or not data:
        raise invalid("criteria", "请列出评分项及权重。", "List the criteria and weights.", "required")
    criteria = []
    for i, raw in enumerate(data):
        raw = raw if isinstance(raw, dict) else {}
        weight = v.amount(raw.get("weight"), "CNY", f"criteria[{i}].weight")
        criteria.append(Criterion(position=i, weight=weight,
                                  name=v.bilingual(raw.get("name"), f"criteria[{i}].name", 200)))
    total = sum(c.weight for c in criteria)
    if total != 100:
        raise invalid("criteria", f"各评分项权重之和应为 100，现为 {total}。",
                      f"The weights must sum to 100; they sum to {total}.", "weights_sum")
    return criteria


def _bid(by_number: dict[str, Bid], value, field: str) -> Bid:
    bid = by_number.get(value.strip().upper()) if isinstance(value, str) else None
    if bid is None:
        raise invalid(field, f"开标记录中没有该投标人：{value!r}。",
                      f"No bid from {value!r} in the opening record.", "unknown_bid")
    return bid


def _rejections(bids: list[Bid], data) -> list[Rejection]:
    """Bids the committee rejects (否决投标): each once, each with its reason."""
    if data is None:
        return []
    if not isinstance(data, list):
        raise invalid("rejected", "否决的投标应为列表。", "Rejected bids must be a list.")
    by_number = {b.registration_number: b for b in bids if b.status == BidStatus.VALID}
    rejections, seen = [], set()
    for i, raw in enumerate(data):
        raw = raw if isinstance(raw, dict) else {}
        bid = _bid(by_number, raw.get("bid"), f"rejected[{i}].bid")
        if bid.id in seen:
            raise invalid(f"rejected[{i}].bid", "同一投标重复否决。", "This bid is rejected twice.")
        seen.add(bid.id)
        rejections.append(Rejection(bid_id=bid.id, reason=v.clean_text(
            raw.get("reason"), f"rejected[{i}].reason", 2000)))
    return rejections


def _score_value(raw, criterion: Criterion, field: str) -> Decimal:
    try:
        value = v.amount(raw, "CNY", field, allow_zero=True)
    except Exception:
        value = None
    if value is None or value > criterion.weight:
        raise invalid(field, f"得分应在 0 至 {criterion.weight} 之间（该项满分），如 \"45.5\"。",
                      f"A score is between 0 and {criterion.weight} (this criterion's maximum), "
                      'as a decimal string such as "45.5".', "score_out_of_range")
    return value


def _scores(criteria: list[Criterion], scored: list[Bid], all_bids: list[Bid], data) -> list[Score]:
    """A score for every standing bid on every criterion, once; none for a bid set aside."""
    if not criteria:
        if data:
            raise invalid("scores", "最低价法不打分。", "Price-only evaluation has no scores.")
        return []
    if not isinstance(data, list):
        raise invalid("scores", "评分应为列表。", "Scores must be a list.")
    by_number = {b.registration_number: b for b in all_bids}
    scores, seen = [], set()
    for i, raw in enumerate(data):
        field = f"scores[{i}]"
        raw = raw if isinstance(raw, dict) else {}
        bid = _bid(by_number, raw.get("bid"), f"{field}.bid")
        if bid not in scored:
            raise invalid(f"{field}.bid", "无效或被否决的投标不参与评分。",
                          "A bid that is disqualified, withdrawn or rejected is not scored.",
                          "bid_not_scored")
        position = raw.get("criterion")
        if isinstance(position, bool) or not isinstance(position, int) \
                or not 0 <= position < len(criteria):
            raise invalid(f"{field}.criterion", f"未知的评分项：{position!r}（从 0 起的序号）。",
                          f"Unknown criterion {position!r} (an index from 0).")
        if (bid.id, position) in seen:
            raise invalid(field, "同一投标人的同一评分项重复打分。",
                          "This bid is already scored on this criterion.", "duplicate_score")
        seen.add((bid.id, position))
        criterion = criteria[position]
        # bid_id, not bid=: attaching to the persistent bid would put the score in the session early.
        scores.append(Score(bid_id=bid.id, criterion=criterion,
                            value=_score_value(raw.get("value"), criterion, f"{field}.value")))
    if len(scores) != len(scored) * len(criteria):
        raise invalid("scores", "每个有效投标的每个评分项都应打分。",
                      "Every valid bid needs a score on every criterion.", "incomplete_scores")
    return scores


# --- recording ------------------------------------------------------------------------------

def _report(tender: Tender, value):
    """The evaluation report (评标报告), a document uploaded to this tender beforehand."""
    if value is None:
        return None
    document = next((d for d in tender.documents if d.id == value), None) \
        if isinstance(value, int) and not isinstance(value, bool) else None
    if document is None:
        raise invalid("report_document", "评标报告应为本项目已上传的文件编号。",
                      "The report must be the id of a document uploaded to this tender.")
    return document


def _check_may_record(tender: Tender, actor, now) -> None:
    if actor.role != Role.EVALUATOR:
        raise forbidden("只有评标人员可以录入评标结果。", "Only evaluators record evaluations.")
    if tender.status_at(now) != Status.EVALUATING:
        raise conflict("只有评标中的项目可以录入评标结果（开标记录发布之后、候选人公示之前）。",
                      "Only a tender under evaluation can have its evaluation recorded (after the "
                      "opening record, before the candidates).", "not_evaluating")


def record_evaluation(tender: Tender, data: dict, actor) -> Evaluation:
    """The evaluator records the committee, criteria, rejections and scores; the ranking follows.

    A second record before the candidates notice replaces the first for everything that follows.
    """
    now = clock_now()
    _check_may_record(tender, actor, now)
    if not isinstance(data, dict):
        raise invalid(None, "请求体应为 JSON 对象。", "The body must be a JSON object.")
    found, bids = Refusals(), opening_bids(tender)  # every part is checked, each refusal shown
    method = found.check(lambda: v.choice(data.get("method"), EvaluationMethod, "method"))
    members = found.check(lambda: _committee(tender, data.get("committee")))
    criteria = found.check(lambda: _criteria(method, data.get("criteria"))) if method else None
    rejections = found.check(lambda: _rejections(bids, data.get("rejected")))
    report = found.check(lambda: _report(tender, data.get("report_document")))
    scores = None
    if criteria is not None and rejections is not None:  # the scores are read against both
        rejected = {r.bid_id for r in rejections}
        scored = [b for b in bids if b.status == BidStatus.VALID and b.id not in rejected]
        scores = found.check(lambda: _scores(criteria, scored, bids, data.get("scores")))
    found.raise_any()
    evaluation = Evaluation(tender_id=tender.id, method=method, members=members, criteria=criteria,
                            scores=scores, rejections=rejections, report_document=report,
                            report_at=now, recorded_by_id=actor.id, created_at=now)
    db.session.add(evaluation)
    db.session.flush()
    return evaluation
