"""The candidates notice (中标候选人公示): the ranking, the scores and the objection window.

The evaluator names the candidates; the system checks them against the ranking it computes from
the scores. Publication freezes the ranking, the scores and the committee's size and make-up in
the notice, and opens the objection window (at least 3 days). The members' names stay out of it
until the result notice (Law art. 37).
"""

from collections import Counter
from datetime import datetime
from typing import TypedDict

from flask import request
from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import DataRequired

from ...auth.models import Role
from ...errors import conflict, invalid
from ...extensions import db
from ...forms import SectionErrors, texts
from ...i18n import shown
from ...names import plain_org_name
from ...notices import release
from ...notices.forms import NoticeForm
from ...notices.models import Notice, NoticeKind
from ...notices.registry import Fact, Kind, register
from ...tenders import rules
from ...tenders.lifecycle import Action
from ...tenders.models import Tender
from ...times import in_beijing, parse
from ...validation import canonical_amount
from ..evaluation import Ranked, computed_ranking, latest_evaluation, opening_bids, ranking, shown_total, tie_rule
from ..models import Evaluation, Expertise


class CandidatesDraft(TypedDict):
    evaluation_id: int  # the evaluation it was drafted from
    candidates: list[str]  # registration numbers, in rank order; at most 3


class Candidates(CandidatesDraft):
    """As published: the evaluation frozen, without the members' names."""

    method: str
    tie_rule: dict[str, str]
    criteria: list[dict]  # {name, weight}
    ranking: list[dict]  # {rank, registration_number, bidder, total, price, scores}
    rejected: list[dict]  # {registration_number, bidder, reason}
    committee_size: int
    committee_composition: dict[str, int]  # expertise → members
    report: dict | None  # the report's filename, size and SHA-256
    report_at: str
    objections_until: str


def _wanted(data: dict) -> list[str]:
    wanted = data.get("candidates")
    if not isinstance(wanted, list) or not wanted or not all(isinstance(w, str) for w in wanted):
        raise invalid("candidates", "请按排名列出中标候选人的注册号。",
                      "List the candidates' registration numbers in rank order.", "required")
    return [w.strip().upper() for w in wanted]


def _check_list(tender: Tender, evaluation: Evaluation, wanted: list[str]) -> list[Ranked]:
    """At most 3, at least 3 valid bids behind them, in the computed order."""
    profile = rules.profile(tender.rule_profile)
    if len(wanted) > int(profile["max_candidates"].number):
        raise rules.violation(profile["max_candidates"], f"列出了 {len(wanted)} 名候选人。",
                              f"{len(wanted)} candidates were listed.", "candidates")
    ranked = ranking(evaluation, opening_bids(tender))
    if len(ranked) < int(profile["min_bids"].number):
        raise rules.violation(
            profile["min_bids"], f"有效投标仅 {len(ranked)} 份，应发布流标公告。",
            f"Only {len(ranked)} valid bids remain: publish a failure notice instead.", "candidates")
    order = [r.bid.registration_number for r in ranked]
    if wanted != order[:len(wanted)]:
        raise invalid("candidates", f"候选人应按系统计算的排名依次列出：{', '.join(order[:3])}。",
                      f"Candidates follow the computed ranking: {', '.join(order[:3])}.",
                      "ranking_mismatch")
    return ranked


def clean(tender: Tender, data: dict) -> CandidatesDraft:
    evaluation = latest_evaluation(tender)
    if evaluation is None:
        raise conflict("尚未录入评标结果。", "No evaluation has been recorded yet.", "no_evaluation")
    wanted = _wanted(data)
    _check_list(tender, evaluation, wanted)
    return {"evaluation_id": evaluation.id, "candidates": wanted}


def _evaluation_of(tender: Tender, notice: Notice) -> Evaluation:
    """The evaluation the notice was drafted from, refused if a newer one has been recorded."""
    evaluation = latest_evaluation(tender)
    if evaluation.id != notice.payload["evaluation_id"]:
        raise conflict("评标结果已重新录入，请据此重新起草公示。",
                       "The evaluation was recorded again since this draft: draft the candidates "
                       "notice again from it.", "stale_evaluation", field_name="candidates")
    return evaluation


def _refuse_member_names(evaluation: Evaluation, notice: Notice) -> None:
    prose = " ".join((notice.body or {}).values())
    for member in evaluation.members:
        if len(member.name) >= 2 and member.name in prose:
            raise invalid("body", "公示内容不得包含评标委员会成员姓名，结果公告发布前应当保密。",
                          "The notice must not name committee members: their names stay "
                          "private until the result is published.", "committee_named")


def check(tender: Tender, notice: Notice, now: datetime) -> None:
    """Published within 3 days of the evaluation report (Reg. art. 54)."""
    profile = rules.profile(tender.rule_profile)
    evaluation = _evaluation_of(tender, notice)
    _check_list(tender, evaluation, notice.payload["candidates"])
    _refuse_member_names(evaluation, notice)
    latest = evaluation.report_at + profile.days("candidates_within", tender.clock_rate)
    if now > latest:
        raise rules.violation(
            profile["candidates_within"], "距评标报告已超过 3 日，公示逾期。",
            "More than 3 days have passed since the evaluation report.",
            None, report=evaluation.report_at, latest=latest)


def ranking_rows(evaluation: Evaluation, ranked: list[Ranked]) -> list[dict]:
    rows = []
    for r in ranked:
        scores = sorted((s for s in evaluation.scores if s.bid_id == r.bid.id),
                        key=lambda s: s.criterion.position)
        rows.append({"rank": r.rank, "registration_number": r.bid.registration_number,
                     "bidder": r.bid.bidder_name, **english_name(r.bid), "total": shown_total(evaluation, r),
                     "price": {"amount": canonical_amount(r.bid.price_amount, r.bid.price_currency),
                               "currency": r.bid.price_currency},
                     "scores": [f"{s.value:.2f}" for s in scores]})
    return rows


def english_name(bid) -> dict:
    """The bidder's English name, where its bid gives one (key absent otherwise)."""
    return {"bidder_en": bid.bidder_name_en} if bid.bidder_name_en else {}


def committee_composition(evaluation: Evaluation) -> dict:
    counts = Counter(m.expertise for m in evaluation.members)
    return {e.value: counts.get(e, 0) for e in Expertise}


def report_summary(evaluation: Evaluation) -> dict | None:
    """The report's fingerprint only: the report itself names the members, so it waits."""
    document = evaluation.report_document
    if document is None:
        return None
    return {"filename": document.filename, "size": document.size, "sha256": document.sha256}


def preview(tender: Tender, notice: Notice, now: datetime) -> Candidates:
    """The evaluation the draft was made from, as publication at `now` freezes it."""
    if notice.is_published:
        return notice.payload
    evaluation = db.session.get(Evaluation, notice.payload["evaluation_id"])
    window = rules.profile(tender.rule_profile).days("objection_window", tender.clock_rate)
    return {
        **notice.payload,
        "method": evaluation.method.value,
        "tie_rule": tie_rule(evaluation),
        "criteria": [{"name": c.name, "weight": f"{c.weight:.2f}"} for c in evaluation.criteria],
        "ranking": ranking_rows(evaluation, ranking(evaluation, opening_bids(tender))),
        "rejected": [{"registration_number": r.bid.registration_number,
                      "bidder": r.bid.bidder_name, **english_name(r.bid), "reason": r.reason}
                     for r in evaluation.rejections],
        "committee_size": len(evaluation.members),
        "committee_composition": committee_composition(evaluation),
        "report": report_summary(evaluation),
        "report_at": evaluation.report_at.isoformat(),
        "objections_until": (now + window).isoformat(),
    }


def effect(_tender: Tender, notice: Notice, _now: datetime) -> None:
    db.session.get(Evaluation, notice.payload["evaluation_id"]).notice_id = notice.id


def record(record, notice: Notice, _now: datetime) -> None:
    record.evaluation, record.candidates_notice = notice.payload, notice
    record.dates += [(_l("Evaluation report"), parse(notice.payload["report_at"])),
                     (_l("Objection window ends"), parse(notice.payload["objections_until"]))]


def record_json(record) -> dict:
    """The evaluation as published, without the evaluation it was drafted from."""
    p: Candidates | None = record.evaluation
    if p is None:
        return {"evaluation": None}
    keys = ("method", "tie_rule", "criteria", "ranking", "rejected", "candidates",
            "committee_size", "committee_composition", "report")
    return {"evaluation": {**{k: p[k] for k in keys}, "report_at": in_beijing(p["report_at"]),
                           "objections_until": in_beijing(p["objections_until"])}}


def ocds(content: dict, _terms: dict) -> dict:
    """The `award` release: one pending award per candidate, in rank order; the bids the committee
    rejected; the valid bids remaining."""
    p: Candidates = content["payload"]
    when = release.stamp(content["published_at"])
    ranked = {r["registration_number"]: r for r in p["ranking"]}
    awards = [{"id": release.award_id(number), "status": "pending", "date": when,
               **release.texts("title", {"zh": f"第{ranked[number]['rank']}名中标候选人",
                                         "en": f"Candidate ranked {ranked[number]['rank']}"}),
               "value": release.value(ranked[number]["price"]), "relatedBid": release.bid_id(number)}
              for number in p["candidates"]]
    rejected = [{"id": release.bid_id(r["registration_number"]), "status": "disqualified"} for r in p["rejected"]]
    valid = {"id": "validBids", "measure": "validBids", "date": when, "value": len(p["ranking"])}
    return {"tag": ["award"], "awards": awards,
            "bids": {"statistics": [valid], **({"details": rejected} if rejected else {})},
            "tender": {"awardCriteria": p["method"],
                       "documents": release.documents(content, "awardNotice", "evaluationReports")}}


class CandidatesForm(SectionErrors, NoticeForm):
    sections = ("candidates",)
    first = SelectField(_l("First candidate"), [DataRequired()],
                        description=_l("The first-ranked bid of the computed ranking."))
    second = SelectField(_l("Second candidate"), default="", description=_l("Optional; the second-ranked bid."))
    third = SelectField(_l("Third candidate"), default="", description=_l("Optional; the third-ranked bid."))


PLACES = ("first", "second", "third")


def form(tender: Tender) -> CandidatesForm:
    """Any of the ranked bids in each place; the computed ranking to start with."""
    ranked = computed_ranking(tender)["ranked"]
    built = CandidatesForm()
    choices = [("", "—")] + [(r.bid.registration_number, f"{r.rank}. {r.bid.bidder_name} "
                              f"({r.bid.registration_number})") for r in ranked]
    for place, name in enumerate(PLACES):
        built[name].choices = choices
        if request.method == "GET" and place < len(ranked):
            built[name].data = ranked[place].bid.registration_number
    return built


def form_data(form: CandidatesForm, _tender: Tender, _rows) -> dict:
    chosen = [form[name].data for name in PLACES if form[name].data]
    return {"kind": "candidates", "body": texts(form, "body"), "candidates": chosen}


def draft_context(_form, tender: Tender, _now: datetime) -> dict:
    return computed_ranking(tender)


def feed_facts(notice: Notice, _tender: Tender, lang: str) -> list[Fact]:
    p: Candidates = notice.payload
    ranked = "; ".join(f"{r['rank']}. {plain_org_name(r['bidder'], r.get('bidder_en'), lang)} ({r['total']})"
                       for r in p["ranking"][:3])
    return [(("中标候选人", "Candidates"), ranked),
            (("异议截止", "Objections until"), shown(p["objections_until"], lang))]


KIND = register(Kind(
    NoticeKind.CANDIDATES, Action.PUBLISH_CANDIDATES, Role.EVALUATOR, _l("Draft the candidates notice"),
    "candidates [registration numbers, in the computed rank order; at most 3]",
    clean, form, form_data, feed_facts, check=check, preview=preview, effect=effect,
    draft_context=draft_context, record=record, record_json=record_json,
    timeline_label=_l("Candidates published"), ocds=ocds))
