"""Evaluation (评标): the committee, the criteria, the scores, and the ranking the system computes.

Totals and ranks are never typed in: `ranking` derives them from the scores every time.
Tie rule: equal totals rank the lower price first, then the earlier received bid.
"""

from collections import Counter as Tally
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import select

from .. import validation as v
from ..auth.models import Role
from ..clock import now as clock_now
from ..documents.models import Document
from ..errors import forbidden, invalid
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
    Score,
)

TIE_RULE = {"zh": "总分相同时，投标报价低者优先；报价相同时，递交时间早者优先。",
            "en": "Equal totals rank the lower price first, then the earlier bid."}


@dataclass(frozen=True)
class Ranked:
    bid: Bid
    total: Decimal
    rank: int


def ranking(evaluation: Evaluation, bids: list[Bid]) -> list[Ranked]:
    """Valid bids in rank order, with totals computed from the scores."""
    valid = [b for b in bids if b.status == BidStatus.VALID]
    if evaluation.method == EvaluationMethod.PRICE_ONLY:
        ordered = sorted(valid, key=lambda b: (b.price_amount, b.received_at))
        return [Ranked(b, b.price_amount, i + 1) for i, b in enumerate(ordered)]
    totals = {b.id: Decimal(0) for b in valid}
    for score in evaluation.scores:
        if score.bid_id in totals:
            totals[score.bid_id] += score.value
    ordered = sorted(valid, key=lambda b: (-totals[b.id], b.price_amount, b.received_at))
    return [Ranked(b, totals[b.id], i + 1) for i, b in enumerate(ordered)]


def opening_bids(tender: Tender) -> list[Bid]:
    return list(db.session.scalars(select(Bid).where(Bid.tender_id == tender.id).order_by(Bid.id)))


def check_committee(tender: Tender, members: list[CommitteeMember]) -> None:
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


def _members(data) -> list[CommitteeMember]:
    if not isinstance(data, list) or not data:
        raise invalid("committee", "请列出评标委员会成员。", "List the committee members.", "required")
    return [CommitteeMember(name=v.clean_text(m.get("name") if isinstance(m, dict) else None,
                                              f"committee[{i}].name", 200),
                            expertise=v.choice(m.get("expertise"), Expertise,
                                               f"committee[{i}].expertise"))
            for i, m in enumerate(data)]


def _criteria(method: EvaluationMethod, data) -> list[Criterion]:
    if method == EvaluationMethod.PRICE_ONLY:
        if data:
            raise invalid("criteria", "最低价法不设评分项。", "Price-only evaluation has no criteria.")
        return []
    if not isinstance(data, list) or not data:
        raise invalid("criteria", "请列出评分项及权重。", "List the criteria and weights.", "required")
    criteria = []
    for i, c in enumerate(data):
        if not isinstance(c, dict):
            raise invalid(f"criteria[{i}]", "评分项格式无效。", "Invalid criterion.")
        weight = v.amount(c.get("weight"), "CNY", f"criteria[{i}].weight")
        criteria.append(Criterion(position=i, name=v.bilingual(c.get("name"), f"criteria[{i}].name",
                                                               200), weight=weight))
    if sum(c.weight for c in criteria) != 100:
        raise invalid("criteria", "各评分项权重之和应为 100。", "The weights must sum to 100.")
    return criteria


def _scores(criteria: list[Criterion], bids: list[Bid], data) -> list[Score]:
    by_number = {b.registration_number: b for b in bids}
    if not criteria:
        if data:
            raise invalid("scores", "最低价法不打分。", "Price-only evaluation has no scores.")
        return []
    if not isinstance(data, list):
        raise invalid("scores", "评分应为列表。", "Scores must be a list.")
    scores, seen = [], Tally()
    for i, s in enumerate(data):
        field = f"scores[{i}]"
        s = s if isinstance(s, dict) else {}
        bid = by_number.get(s.get("bid"))
        if bid is None:
            raise invalid(f"{field}.bid", f"未知的投标人：{s.get('bid')!r}。", f"Unknown bidder {s.get('bid')!r}.")
        if bid.status != BidStatus.VALID:
            raise invalid(f"{field}.bid", "无效投标不参与评分。", "A bid that is not valid is not scored.")
        position = s.get("criterion")
        if not isinstance(position, int) or not 0 <= position < len(criteria):
            raise invalid(f"{field}.criterion", "未知的评分项。", "Unknown criterion.")
        criterion = criteria[position]
        value = v.amount(s.get("value"), "CNY", f"{field}.value", allow_zero=True)
        if value > criterion.weight:
            raise invalid(f"{field}.value", f"得分超出该项满分 {criterion.weight}。",
                          f"The score is above this criterion's maximum of {criterion.weight}.")
        seen[(bid.id, position)] += 1
        if seen[(bid.id, position)] > 1:
            raise invalid(f"{field}", "同一投标人的同一评分项重复打分。",
                          "This bid is already scored on this criterion.", "duplicate_score")
        scores.append(Score(bid=bid, criterion=criterion, value=value))
    valid = [b for b in bids if b.status == BidStatus.VALID]
    if len(scores) != len(valid) * len(criteria):
        raise invalid("scores", "每个有效投标的每个评分项都应打分。",
                      "Every valid bid needs a score on every criterion.", "incomplete_scores")
    return scores


def record_evaluation(tender: Tender, data: dict, actor) -> Evaluation:
    """The evaluator records the committee, criteria and scores; the ranking follows from them."""
    if actor.role != Role.EVALUATOR:
        raise forbidden("只有评标人员可以录入评标结果。", "Only evaluators record evaluations.")
    now = clock_now()
    if tender.status_at(now) != Status.EVALUATING:
        raise invalid(None, "只有评标中的项目可以录入评标结果。",
                      "Only a tender under evaluation can have its evaluation recorded.", "not_evaluating")
    if not isinstance(data, dict):
        raise invalid(None, "请求体应为 JSON 对象。", "The body must be a JSON object.")
    method = v.choice(data.get("method"), EvaluationMethod, "method")
    members = _members(data.get("committee"))
    check_committee(tender, members)
    criteria = _criteria(method, data.get("criteria"))
    scores = _scores(criteria, opening_bids(tender), data.get("scores"))
    report = data.get("report_document")
    if report is not None and db.session.get(Document, report) is None:
        raise invalid("report_document", "未知的评标报告文件。", "Unknown report document.")
    evaluation = Evaluation(tender_id=tender.id, method=method, members=members, criteria=criteria,
                            scores=scores, report_document_id=report, report_at=now,
                            recorded_by_id=actor.id, created_at=now)
    db.session.add(evaluation)
    db.session.flush()
    return evaluation


def latest_evaluation(tender: Tender) -> Evaluation | None:
    return db.session.scalar(select(Evaluation).where(Evaluation.tender_id == tender.id)
                             .order_by(Evaluation.id.desc()).limit(1))
