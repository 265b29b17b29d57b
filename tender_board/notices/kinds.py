"""What each kind of notice carries, the rules it must satisfy, and what it changes when published.

`clean` validates the fields a drafter gives and returns the payload to store. `check` applies the
statutory rules at a moment (at drafting, at submission, and again at approval, because the clock
moves). `publish` changes the tender's terms when the notice goes public; it runs inside the
lifecycle transition.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from .. import validation as v
from ..bids.evaluation import standing_count
from ..bids.opening import clean_bids, received_count
from ..errors import invalid
from ..tenders import rules
from ..tenders.lifecycle import Status
from ..tenders.models import Tender
from ..times import beijing_minute, parse
from .models import Notice, NoticeKind


@dataclass(frozen=True)
class KindSpec:
    clean: Callable[[Tender, dict], dict]
    check: Callable[[Tender, Notice, datetime], None]
    publish: Callable[[Tender, Notice, datetime], None]
    drafted_by_evaluator: bool = False


def _nothing(*_args) -> None:
    return None


def _stamp(moment: datetime) -> str:
    return moment.isoformat()


def _time(payload: dict, key: str) -> datetime | None:
    return parse(payload.get(key))


# --- announcement (招标公告) -------------------------------------------------------------

def clean_announcement(tender: Tender, data: dict) -> dict:
    deadline = v.aware_datetime(data.get("bid_deadline"), "bid_deadline")
    documents_from = v.aware_datetime(data.get("documents_from"), "documents_from")
    documents_until = v.aware_datetime(data.get("documents_until"), "documents_until")
    if documents_until <= documents_from:
        raise invalid("documents_until", "文件发售截止时间应晚于开始时间。",
                      "Documents must be available until after they become available.")
    if documents_until > deadline:
        raise invalid("documents_until", "文件发售截止时间不能晚于投标截止时间。",
                      "Documents cannot stay on sale past the bid deadline.")
    return {
        "bid_deadline": _stamp(deadline),
        "documents_from": _stamp(documents_from),
        "documents_until": _stamp(documents_until),
        "opening_place": v.bilingual(data.get("opening_place"), "opening_place", 500),
        "contact": v.bilingual(data.get("contact"), "contact", 1000),
    }


def check_announcement(tender: Tender, notice: Notice, now: datetime) -> None:
    profile = rules.profile(tender.rule_profile)
    payload = notice.payload
    deadline = _time(payload, "bid_deadline")
    issued = max(now, _time(payload, "documents_from"))
    until = _time(payload, "documents_until")
    earliest = issued + profile.days("bid_period", tender.clock_rate)
    if deadline < earliest:
        raise rules.violation(
            profile["bid_period"],
            f"投标截止时间过早，最早可为 {beijing_minute(earliest)}。",
            f"The bid deadline is too early; the earliest lawful deadline is {beijing_minute(earliest)}.",
            "bid_deadline", documents_issued=issued, bid_deadline=deadline, earliest=earliest)
    if until - issued < profile.days("documents_period", tender.clock_rate):
        raise rules.violation(
            profile["documents_period"], "招标文件发售期过短。",
            "The tender documents are not available for long enough.",
            "documents_until", documents_from=issued, documents_until=until)


def publish_announcement(tender: Tender, notice: Notice, now: datetime) -> None:
    payload = notice.payload
    tender.bid_deadline = _time(payload, "bid_deadline")
    tender.documents_from = _time(payload, "documents_from")
    tender.documents_until = _time(payload, "documents_until")
    tender.opening_place = payload["opening_place"]
    tender.contact = payload["contact"]
    tender.published_at = now


# --- amendment (变更/澄清公告) -------------------------------------------------------------

AMENDABLE = {
    "bid_deadline": lambda x: _stamp(v.aware_datetime(x, "changes.bid_deadline")),
    "documents_until": lambda x: _stamp(v.aware_datetime(x, "changes.documents_until")),
    "opening_place": lambda x: v.bilingual(x, "changes.opening_place", 500),
    "contact": lambda x: v.bilingual(x, "changes.contact", 1000),
    "description": lambda x: v.bilingual(x, "changes.description", 20000),
    "qualification": lambda x: v.bilingual(x, "changes.qualification", 20000),
}


def current_value(tender: Tender, name: str):
    value = getattr(tender, name)
    return _stamp(value) if isinstance(value, datetime) else value


def clean_amendment(tender: Tender, data: dict) -> dict:
    changes = data.get("changes")
    if not isinstance(changes, dict) or not changes:
        raise invalid("changes", "请说明变更的内容。", "Say what changes.", "required")
    unknown = sorted(set(changes) - set(AMENDABLE))
    if unknown:
        raise invalid(f"changes.{unknown[0]}", f"该项不可变更：{unknown[0]}。",
                      f"This field cannot be amended: {unknown[0]}.")
    clean = {name: AMENDABLE[name](value) for name, value in changes.items()}
    same = [name for name, value in clean.items() if value == current_value(tender, name)]
    if same:
        raise invalid(f"changes.{same[0]}", "变更后的值与当前值相同。",
                      "The new value is the same as the current one.")
    return {"changes": clean, "rationale": v.bilingual(data.get("rationale"), "rationale", 5000)}


def earliest_amended_deadline(tender: Tender, now: datetime) -> datetime:
    """The earliest deadline an amendment published at `now` may keep (15 days away)."""
    return now + rules.profile(tender.rule_profile).days("amendment_notice", tender.clock_rate)


def check_amendment(tender: Tender, notice: Notice, now: datetime) -> None:
    profile = rules.profile(tender.rule_profile)
    changes = notice.payload["changes"]
    deadline = _time(changes, "bid_deadline") or tender.bid_deadline
    earliest = earliest_amended_deadline(tender, now)
    if deadline < earliest:
        moved = "bid_deadline" in changes
        raise rules.violation(
            profile["amendment_notice"],
            f"距投标截止不足 15 日，须将截止时间顺延至不早于 {beijing_minute(earliest)}。"
            if not moved else f"新的投标截止时间过早，最早可为 {beijing_minute(earliest)}。",
            f"Less than 15 days remain before the deadline: move it to {beijing_minute(earliest)} "
            "or later." if not moved else
            f"The new deadline is too early; the earliest lawful one is {beijing_minute(earliest)}.",
            "changes.bid_deadline", amendment=now, bid_deadline=deadline, earliest=earliest)
    first_period = tender.published_at + profile.days("bid_period", tender.clock_rate)
    if deadline < first_period:
        raise rules.violation(
            profile["bid_period"], "新的投标截止时间早于法定最短投标期。",
            "The new deadline would shorten the bid period below the legal minimum.",
            "changes.bid_deadline", announcement=tender.published_at, bid_deadline=deadline)
    until = _time(changes, "documents_until") or tender.documents_until
    if until > deadline:
        raise invalid("changes.documents_until", "文件发售截止时间不能晚于投标截止时间。",
                      "Documents cannot stay on sale past the bid deadline.")


def publish_amendment(tender: Tender, notice: Notice, now: datetime) -> None:
    changes = notice.payload["changes"]
    # Freeze what was replaced, so the notice shows old → new forever.
    notice.payload = {**notice.payload,
                      "previous": {name: current_value(tender, name) for name in changes}}
    for name, value in changes.items():
        setattr(tender, name, _time(changes, name) if name in ("bid_deadline", "documents_until")
                else value)


# --- termination (终止公告) and failure (流标公告) -----------------------------------------------

def clean_termination(tender: Tender, data: dict) -> dict:
    return {"reason": v.bilingual(data.get("reason"), "reason", 5000)}


FAILURE_REASONS = ("fewer_bids", "fewer_valid", "all_rejected")


def clean_failure(tender: Tender, data: dict) -> dict:
    """流标: the reason code, the reason in prose, and for too few bids the bids that did arrive."""
    code = data.get("reason_code")
    if code not in FAILURE_REASONS:
        raise invalid("reason_code", f"流标原因应为：{', '.join(FAILURE_REASONS)}。",
                      f"The reason code must be one of: {', '.join(FAILURE_REASONS)}.")
    payload = {"reason_code": code, "reason": v.bilingual(data.get("reason"), "reason", 5000)}
    if code == "fewer_bids":
        payload["bids"] = clean_bids(tender, data.get("bids", []))
    elif data.get("bids") is not None:
        raise invalid("bids", "开标记录已列出全部投标，流标公告不再重复列出。",
                      "The opening record already lists the bids; the failure notice does not.")
    return payload


def check_failure(tender: Tender, notice: Notice, now: datetime) -> None:
    """The reason must be true of the record (Law art. 28, Reg. art. 44)."""
    rule = rules.profile(tender.rule_profile)["min_bids"]
    opened = tender.status_at(now) == Status.EVALUATING  # the opening record is published
    code = notice.payload["reason_code"]
    if code == "fewer_bids":
        _check_fewer_bids(rule, opened, received_count(notice.payload["bids"]))
        return
    if not opened:
        raise rules.violation(rule, "尚未发布开标记录，无从认定有效投标不足或全部被否决。",
                              "There is no opening record yet, so no bid has been found invalid.",
                              "reason_code")
    valid = standing_count(tender)
    if (code == "fewer_valid" and valid >= rule.number) or (code == "all_rejected" and valid):
        raise rules.violation(rule, f"评标记录显示仍有 {valid} 份有效投标，流标原因与记录不符。",
                              f"The record shows {valid} valid bids: the reason is not true of it.",
                              "reason_code")


def _check_fewer_bids(rule: rules.Rule, opened: bool, received: int) -> None:
    if opened:
        raise rules.violation(rule, "开标记录显示投标不少于 3 份，不能以投标不足为由流标。",
                              "The opening record shows at least 3 bids: the reason cannot be too "
                              "few bids.", "reason_code")
    if received >= rule.number:
        raise rules.violation(rule, f"收到 {received} 份投标，应当开标并发布开标记录。",
                              f"{received} bids arrived: open them and publish the opening record.",
                              "bids")


SPECS: dict[NoticeKind, KindSpec] = {
    NoticeKind.ANNOUNCEMENT: KindSpec(clean_announcement, check_announcement, publish_announcement),
    NoticeKind.AMENDMENT: KindSpec(clean_amendment, check_amendment, publish_amendment),
    NoticeKind.TERMINATION: KindSpec(clean_termination, _nothing, _nothing),
    NoticeKind.FAILURE: KindSpec(clean_failure, check_failure, _nothing),
}

