"""The key facts of a notice for a feed item's summary (摘要), in the feed's language.

Every value is escaped here, so whatever a drafter typed reaches the reader as text, never markup.
"""

import re
from datetime import datetime

from markupsafe import Markup

from ..i18n import country_name, moment, money, pair, text
from ..notices.models import Notice, NoticeKind
from ..templating import FIELD_NAMES
from ..tenders.models import Tender
from ..times import BEIJING, BEIJING_ZONE
from ..times import parse as _time

# Characters XML 1.0 forbids or that only ever come from a broken paste.
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
BODY_LIMIT = 600

LABELS = {
    "reference": ("项目编号", "Reference"),
    "location": ("项目地点", "Location"),
    "value": ("估算价", "Estimated value"),
    "deadline": ("投标截止（北京时间）", "Bid deadline (Beijing time)"),
    "deadline_local": ("投标截止（当地时间）", "Bid deadline (local time)"),
    "documents": ("招标文件发售", "Documents available"),
    "opening_place": ("开标地点", "Opening place"),
    "rationale": ("变更理由", "Rationale"),
    "bids": ("投标数量", "Bids received"),
    "candidates": ("中标候选人", "Candidates"),
    "objections": ("异议截止", "Objections until"),
    "winner": ("中标人", "Winner"),
    "signed": ("签订日期", "Signed"),
    "contract_value": ("合同金额", "Contract value"),
    "reason": ("原因", "Reason"),
    "notice": ("公告正文", "Notice"),
}


def clean(value: str | None) -> str:
    return UNSAFE.sub("", value or "").strip()


def deadline_facts(deadline: datetime | None, tender: Tender, lang: str) -> list[tuple[str, str]]:
    """The deadline in Beijing time and, abroad, in the project's own time."""
    if deadline is None:
        return []
    facts = [("deadline", moment(deadline, BEIJING, lang))]
    if tender.timezone != BEIJING_ZONE:
        facts.append(("deadline_local", f"{moment(deadline, tender.timezone, lang)} {tender.timezone}"))
    return facts


def shown(value, lang: str) -> str:
    """A stored field value as a reader reads it: text in their language, times in Beijing time."""
    if isinstance(value, dict):
        return text(value, lang)
    if isinstance(value, str) and len(value) > 18 and value[4] == "-" and "T" in value:
        return moment(_time(value), BEIJING, lang)
    return "" if value is None else str(value)


def announcement(notice: Notice, tender: Tender, lang: str) -> list:
    p = notice.payload
    return [*deadline_facts(_time(p.get("bid_deadline")), tender, lang),
            ("documents", f"{shown(p.get('documents_from'), lang)} – {shown(p.get('documents_until'), lang)}"),
            ("opening_place", text(p.get("opening_place"), lang))]


def amendment(notice: Notice, tender: Tender, lang: str) -> list:
    """What changed, old → new; a moved deadline in both time zones."""
    p = notice.payload
    previous = p.get("previous") or {}
    facts = [(pair(FIELD_NAMES.get(name, (name, name)), lang),
              f"{shown(previous.get(name), lang)} → {shown(new, lang)}")
             for name, new in p.get("changes", {}).items()]
    if "bid_deadline" in p.get("changes", {}):
        facts += deadline_facts(_time(p["changes"]["bid_deadline"]), tender, lang)
    return facts + [("rationale", text(p.get("rationale"), lang))]


def opening(notice: Notice, tender: Tender, lang: str) -> list:
    bids = notice.payload.get("bids", [])
    lines = "; ".join(f"{b['bidder']['name']} {money(b['price']['amount'], b['price']['currency'], lang)}"
                      for b in bids)
    return [("bids", f"{len(bids)}: {lines}" if bids else "0")]


def candidates(notice: Notice, tender: Tender, lang: str) -> list:
    p = notice.payload
    ranked = "; ".join(f"{r['rank']}. {r['bidder']} ({r['total']})" for r in p.get("ranking", [])[:3])
    return [("candidates", ranked), ("objections", shown(p.get("objections_until"), lang))]


def result(notice: Notice, tender: Tender, lang: str) -> list:
    p = notice.payload
    price = money(p["price"]["amount"], p["price"]["currency"], lang) if p.get("price") else ""
    return [("winner", f"{p.get('bidder', '')} ({p.get('winner', '')}) {price}"),
            ("reason", text(p.get("reason"), lang))]


def contract(notice: Notice, tender: Tender, lang: str) -> list:
    p = notice.payload
    value = money(p["value"]["amount"], p["value"]["currency"], lang) if p.get("value") else ""
    return [("signed", shown(p.get("signed_at"), lang)), ("contract_value", value)]


def reason(notice: Notice, tender: Tender, lang: str) -> list:
    return [("reason", text(notice.payload.get("reason"), lang))]


FACTS = {
    NoticeKind.ANNOUNCEMENT: announcement, NoticeKind.AMENDMENT: amendment,
    NoticeKind.OPENING: opening, NoticeKind.CANDIDATES: candidates, NoticeKind.RESULT: result,
    NoticeKind.CONTRACT: contract, NoticeKind.TERMINATION: reason, NoticeKind.FAILURE: reason,
}


def tender_facts(tender: Tender, lang: str) -> list:
    place = ", ".join(x for x in (text(tender.mission, lang), tender.city,
                                  country_name(tender.country, lang)) if x)
    return [("reference", tender.reference), ("location", place),
            ("value", money(tender.value_amount, tender.value_currency, lang))]


def summary_html(notice: Notice, tender: Tender, lang: str) -> str:
    """One paragraph per fact, as an HTML fragment with every value escaped."""
    facts = tender_facts(tender, lang) + FACTS[notice.kind](notice, tender, lang)
    body = clean(text(notice.body, lang))
    if body:
        facts.append(("notice", body if len(body) <= BODY_LIMIT else body[:BODY_LIMIT] + "…"))
    paragraphs = (Markup("<p>{}: {}</p>").format(pair(LABELS.get(label, (label, label)), lang), clean(value))
                  for label, value in facts if clean(value))
    return str(Markup("").join(paragraphs))
