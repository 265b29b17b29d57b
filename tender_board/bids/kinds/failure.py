"""The failure notice (流标公告): fewer than 3 bids arrived, fewer than 3 stayed valid after
evaluation, or every bid was rejected (Law art. 28, Reg. art. 44). For too few bids it lists those
that arrived; afterwards the tender may be re-tendered in one action."""

from datetime import datetime
from typing import NotRequired, TypedDict

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from ... import validation as v
from ...auth.models import Role
from ...clock import now as clock_now
from ...errors import invalid
from ...forms import SectionErrors, bilingual, texts
from ...notices import release
from ...notices.forms import NoticeForm
from ...notices.models import Notice, NoticeKind
from ...notices.registry import Kind, reason_facts, register
from ...tenders import rules
from ...tenders.lifecycle import Action, Status
from ...tenders.models import Tender
from ..evaluation import standing_count
from ..forms import BID_NAMES, bid_rows, bids_data, with_rows
from ..received import ReceivedBid, clean_bids, ocds_bids, received_count

REASONS = {
    "fewer_bids": _l("Fewer than 3 bids arrived"),
    "fewer_valid": _l("Fewer than 3 valid bids after evaluation"),
    "all_rejected": _l("Every bid was rejected"),
}
# The reasons that can be true in each state: before the opening, only too few bids.
REASONS_BY_STATUS = {Status.CLOSED: ("fewer_bids",), Status.EVALUATING: ("fewer_valid", "all_rejected")}


class Failure(TypedDict):
    reason_code: str  # one of REASONS
    reason: dict[str, str]
    bids: NotRequired[list[ReceivedBid]]  # for fewer_bids: the bids that did arrive


def clean(tender: Tender, data: dict) -> Failure:
    code = data.get("reason_code")
    if code not in REASONS:
        raise invalid("reason_code", f"流标原因应为：{', '.join(REASONS)}。",
                      f"The reason code must be one of: {', '.join(REASONS)}.")
    payload: Failure = {"reason_code": code, "reason": v.bilingual(data.get("reason"), "reason", 5000)}
    if code == "fewer_bids":
        payload["bids"] = clean_bids(tender, data.get("bids", []))
    elif data.get("bids") is not None:
        raise invalid("bids", "开标记录已列出全部投标，流标公告不再重复列出。",
                      "The opening record already lists the bids; the failure notice does not.")
    return payload


def check(tender: Tender, notice: Notice, now: datetime) -> None:
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


def record(record, notice: Notice, _now: datetime) -> None:
    """For too few bids, the bids that arrived; after an opening, the opening record lists them."""
    if record.bids is None and "bids" in notice.payload:
        record.bids, record.bids_notice = notice.payload["bids"], notice


def ocds(content: dict, _terms: dict) -> dict:
    """A `tenderUpdate` (the status unsuccessful is the envelope's): the reason, and for too few
    bids the bids that did arrive."""
    p: Failure = content["payload"]
    published = ocds_bids(content, p["bids"]) if "bids" in p else {"tender": {}}
    published["tender"]["documents"] = release.documents(content, "tenderNotice", "tenderNotice", p["reason"])
    return {"tag": ["tenderUpdate"], **published}


class FailureForm(SectionErrors, NoticeForm):
    sections = ("bids",)
    reason_code = SelectField(_l("Why the tender failed"), [InputRequired()],
                              choices=[SelectChoice(code, label) for code, label in REASONS.items()],
                              description=_l("It must be true of the record: the bids received or still valid."))
    reason_zh, reason_en = bilingual(_l("Reason"), _l("Published with the notice: what happened."),
                                     area=True, max_length=5000)
    bids = bid_rows(min_entries=3)


def form(tender: Tender) -> FailureForm:
    """Only the reasons that can be true now; the command checks them against the record."""
    built = with_rows(FailureForm(), tender)
    codes = REASONS_BY_STATUS.get(tender.status_at(clock_now()))
    if codes:
        built.reason_code.choices = [c for c in built.reason_code.choices if c.value in codes]
    return built


def form_data(form: FailureForm, tender: Tender, rows) -> dict:
    data = {"kind": "failure", "body": texts(form, "body"), "reason_code": form.reason_code.data,
            "reason": texts(form, "reason")}
    if form.reason_code.data == "fewer_bids":
        data["bids"] = bids_data(form, tender, rows)
    return data


KIND = register(Kind(
    NoticeKind.FAILURE, Action.PUBLISH_FAILURE, Role.MANAGER, _l("Draft a failure notice"),
    "reason_code (fewer_bids, fewer_valid, all_rejected), reason; for fewer_bids, the bids that "
    "arrived as for the opening record",
    clean, form, form_data, reason_facts, check=check, form_names=BID_NAMES, record=record,
    timeline_label=_l("Failure notice published"), ocds=ocds))
