"""The result notice (中标结果公告): the winner, one of the published candidates (normally the first,
otherwise with a recorded reason). Not before the objection window ends, nor while an objection is
unanswered (Reg. art. 54). With it the committee members' names and the evaluation report become
public (Law art. 37), and the 30 days for the contract start (Law art. 46)."""

from datetime import datetime
from typing import NotRequired, TypedDict

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import SelectField
from wtforms.validators import DataRequired

from ... import validation as v
from ...auth.models import Role
from ...errors import conflict, invalid
from ...extensions import db
from ...forms import bilingual, texts
from ...i18n import money, text
from ...names import plain_org_name
from ...notices import release
from ...notices.forms import NoticeForm
from ...notices.models import Notice, NoticeKind
from ...notices.registry import REASON, Fact, Kind, register
from ...tenders import rules
from ...tenders.lifecycle import Action
from ...tenders.models import Tender
from ...times import in_beijing, minute_in_zones, parse
from ..models import Evaluation, Objection
from ..objections import tender_objections


class ResultDraft(TypedDict):
    winner: str  # registration number of a published candidate
    bidder: str
    bidder_en: NotRequired[str]  # where the bid gives an English name
    price: dict[str, str]
    rank: int
    reason: dict[str, str] | None  # why not the first-ranked candidate


class Result(ResultDraft):
    committee: list[dict]  # {name, expertise}: public from now on
    contract_due: str  # ISO 8601, 30 days after the result
    candidates: list[str]  # the published candidates, in rank order: the others are not awarded
    objections: list[dict]  # each objection's times: {submitted_at, answered_at, answer_due} (ISO 8601)


def clean(tender: Tender, data: dict) -> ResultDraft:
    """The winner is a published candidate: the first one unless a recorded reason says otherwise."""
    candidates_notice = Notice.latest_published(tender, NoticeKind.CANDIDATES)
    if candidates_notice is None:
        raise conflict("中标候选人尚未公示。", "The candidates have not been published.",
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
    return {"winner": winner, "bidder": entry["bidder"],
            **({"bidder_en": entry["bidder_en"]} if entry.get("bidder_en") else {}), "price": entry["price"],
            "rank": entry["rank"], "reason": reason}


def check(tender: Tender, notice: Notice, now: datetime) -> None:
    """Not before the objection window ends, nor while an objection is unanswered (Reg. art. 54)."""
    profile = rules.profile(tender.rule_profile)
    candidates_notice = Notice.latest_published(tender, NoticeKind.CANDIDATES)
    window_end = parse(candidates_notice.payload["objections_until"])
    if now < window_end:
        end = minute_in_zones(window_end, tender.timezone)
        raise rules.violation(
            profile["objection_window"], f"公示期至{end['zh']}结束，此前不能发布中标结果。",
            f"The objection window ends at {end['en']}: the result cannot be published before.",
            None, candidates_published=candidates_notice.published_at, window_end=window_end)
    unanswered = db.session.scalar(select(Objection).where(
        Objection.tender_id == tender.id, Objection.answered_at.is_(None))
        .order_by(Objection.id).limit(1))
    if unanswered is not None:
        raise rules.violation(
            profile["objection_answer"], "尚有异议未答复，招标投标活动暂停。",
            "An objection is still unanswered: the procedure waits for the answer.", None,
            objection=unanswered.submitted_at, answer_due=unanswered.answer_due)


def _evaluation(tender: Tender) -> Evaluation:
    candidates_notice = Notice.latest_published(tender, NoticeKind.CANDIDATES)
    return db.session.get(Evaluation, candidates_notice.payload["evaluation_id"])


def preview(tender: Tender, notice: Notice, now: datetime) -> Result:
    """The committee's names, public with the result (Law art. 37), and the contract's due date."""
    if notice.is_published:
        return notice.payload
    profile = rules.profile(tender.rule_profile)
    return {
        **notice.payload,
        "committee": [{"name": m.name, "expertise": m.expertise.value} for m in _evaluation(tender).members],
        "contract_due": (now + profile.days("contract_within", tender.clock_rate)).isoformat(),
        "candidates": Notice.latest_published(tender, NoticeKind.CANDIDATES).payload["candidates"],
        "objections": [{"submitted_at": o.submitted_at.isoformat(), "answer_due": o.answer_due.isoformat(),
                        "answered_at": o.answered_at.isoformat() if o.answered_at else None}
                       for o in tender_objections(tender)],
    }


def effect(tender: Tender, notice: Notice, _now: datetime) -> None:
    """The evaluation report is published with the result."""
    report = _evaluation(tender).report_document
    if report is not None and report not in notice.documents:
        notice.documents.append(report)


def record(record, notice: Notice, now: datetime) -> None:
    """The award, the committee's names, and whether the contract is overdue (until it is signed)."""
    due = parse(notice.payload["contract_due"])
    record.award = {**notice.payload, "published_at": notice.published_at}
    record.committee = notice.payload["committee"]
    record.contract_due, record.contract_overdue = due, now > due
    record.dates.append((_l("Contract due (30 days after the result)"), due))


def record_json(record) -> dict:
    """The award and the committee's names, once the result is published."""
    if record.award is None:
        return {"award": None, "committee": None}
    award = {k: record.award.get(k) for k in ("winner", "bidder", "bidder_en", "price", "rank", "reason")}
    return {"committee": record.committee,
            "award": {**award, "published_at": in_beijing(record.award["published_at"]),
                      "contract_due": in_beijing(record.contract_due)}}


def ocds(content: dict, _terms: dict) -> dict:
    """The `awardUpdate` release: the winner's award active, its supplier; the other candidates'
    awards unsuccessful."""
    p: Result = content["payload"]
    supplier = {"id": release.bidder_id(p["winner"]), "name": p["bidder"]}
    won = {"id": release.award_id(p["winner"]), "status": "active", "date": release.stamp(content["published_at"]),
           "value": release.value(p["price"]), "suppliers": [supplier], "relatedBid": release.bid_id(p["winner"]),
           "contractPeriod": {"startDate": release.stamp(content["published_at"])}}
    others = [{"id": release.award_id(number), "status": "unsuccessful"}
              for number in p.get("candidates", []) if number != p["winner"]]
    # An additional field (no OCDS 1.1 field holds them): the objections to the candidates and
    # when each was answered, against the 3 days allowed (Reg. art. 54).
    objections = [{"id": f"objection-{i + 1}", "dateSubmitted": release.stamp(o["submitted_at"]),
                   "answerDue": release.stamp(o["answer_due"]), "dateAnswered": release.stamp(o["answered_at"])}
                  for i, o in enumerate(p.get("objections", []))]
    return {"tag": ["awardUpdate"], "parties": [{**supplier, "roles": ["tenderer", "supplier"]}],
            "awards": [won, *others],
            "tender": {"documents": release.documents(content, "awardNotice", "evaluationReports", p["reason"]),
                       **({"objections": objections} if objections else {})}}


class ResultForm(NoticeForm):
    winner = SelectField(_l("Winning bidder"), [DataRequired()],
                         description=_l("One of the published candidates; normally the first."))
    reason_zh, reason_en = bilingual(_l("Reason for choosing another candidate"), _l(
        "Required when the winner is not the first-ranked candidate."), area=True, max_length=5000)


def published_candidates(tender: Tender) -> tuple[Notice | None, list[dict]]:
    """The published candidates notice, and its ranking rows of the candidates."""
    notice = Notice.latest_published(tender, NoticeKind.CANDIDATES)
    if notice is None:
        return None, []
    return notice, [r for r in notice.payload["ranking"] if r["registration_number"] in notice.payload["candidates"]]


def form(tender: Tender) -> ResultForm:
    built = ResultForm()
    built.winner.choices = [(r["registration_number"], f'{r["rank"]}. {r["bidder"]} ({r["registration_number"]})')
                            for r in published_candidates(tender)[1]]
    return built


def form_data(form: ResultForm, _tender: Tender, _rows) -> dict:
    return {"kind": "result", "body": texts(form, "body"), "winner": form.winner.data,
            "reason": texts(form, "reason")}


def draft_context(_form, tender: Tender, _now: datetime) -> dict:
    notice, ranked = published_candidates(tender)
    return {"candidates_notice": notice, "candidates": ranked}


def feed_facts(notice: Notice, _tender: Tender, lang: str) -> list[Fact]:
    p: Result = notice.payload
    price = money(p["price"]["amount"], p["price"]["currency"], lang)
    winner = plain_org_name(p["bidder"], p.get("bidder_en"), lang)
    return [(("中标人", "Winner"), f"{winner} ({p['winner']}) {price}"), (REASON, text(p["reason"], lang))]


KIND = register(Kind(
    NoticeKind.RESULT, Action.PUBLISH_RESULT, Role.MANAGER, _l("Draft the result notice"),
    "winner (a published candidate's registration number), reason (required unless the first-ranked)",
    clean, form, form_data, feed_facts, check=check, preview=preview, effect=effect,
    draft_context=draft_context, record=record, record_json=record_json,
    timeline_label=_l("Result published"), ocds=ocds))
