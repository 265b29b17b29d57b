"""The contract notice (合同签订): the contract signed with the winner, its date and value. Due
within 30 days of the result (Law art. 46); a later one is published all the same, flagged overdue."""

from datetime import datetime
from typing import TypedDict

from flask import request
from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from ... import validation as v
from ...auth.models import Role
from ...clock import now as clock_now
from ...errors import invalid
from ...forms import MINUTES, aware_text, local, texts
from ...i18n import money, shown
from ...notices import release
from ...notices.forms import NoticeForm
from ...notices.models import Notice, NoticeKind
from ...notices.registry import Fact, Kind, register
from ...tenders import rules
from ...tenders.lifecycle import Action
from ...tenders.models import Tender
from ...times import in_beijing, parse


class ContractDraft(TypedDict):
    signed_at: str  # ISO 8601
    value: dict[str, str]  # {"amount", "currency"}


class Contract(ContractDraft):
    due: str | None  # 30 days after the result
    overdue: bool
    supplier: dict | None  # the winner as the result notice named it: {name, registration_number}


def clean(tender: Tender, data: dict) -> ContractDraft:
    signed = v.aware_datetime(data.get("signed_at"), "signed_at")
    amount, currency = v.money(data.get("value"), "value")
    result = Notice.latest_published(tender, NoticeKind.RESULT)
    if result is not None and signed < result.published_at:
        raise invalid("signed_at", "合同签订时间不能早于中标结果公告。",
                      "The contract cannot be signed before the result was published.")
    return {"signed_at": signed.isoformat(),
            "value": {"amount": v.canonical_amount(amount, currency), "currency": currency}}


def check(_tender: Tender, notice: Notice, now: datetime) -> None:
    if parse(notice.payload["signed_at"]) > now:
        raise invalid("signed_at", "合同签订时间不能晚于当前时间。", "The signing date is in the future.")


def contract_due(tender: Tender, result: Notice) -> datetime:
    """30 days after the result (Law art. 46), shortened for a sandbox tender."""
    profile = rules.profile(tender.rule_profile)
    return result.published_at + profile.days("contract_within", tender.clock_rate)


def preview(tender: Tender, notice: Notice, _now: datetime) -> Contract:
    """The due date and whether this signature is late."""
    if notice.is_published:
        return notice.payload
    result = Notice.latest_published(tender, NoticeKind.RESULT)
    due = contract_due(tender, result) if result else None
    supplier = {"name": result.payload["bidder"], "name_en": result.payload.get("bidder_en"),
                "registration_number": result.payload["winner"]} if result else None
    return {**notice.payload, "due": due.isoformat() if due else None,
            "overdue": bool(due and parse(notice.payload["signed_at"]) > due), "supplier": supplier}


def record(record, notice: Notice, _now: datetime) -> None:
    record.contract, record.contract_overdue = notice.payload, bool(notice.payload["overdue"])
    record.dates.append((_l("Contract signed"), parse(notice.payload["signed_at"])))


def record_json(record) -> dict:
    """The contract once published; whether it is overdue from the result on."""
    contract = record.contract
    shown = None if contract is None else {
        "signed_at": in_beijing(contract["signed_at"]), "value": contract["value"],
        "due": in_beijing(contract["due"]), "overdue": bool(contract["overdue"])}
    return {"contract": shown, "contract_overdue": record.contract_overdue}


def ocds(content: dict, _terms: dict) -> dict:
    """The `contract` release: the contract signed on the winner's award, its date and value."""
    p: Contract = content["payload"]
    winner = (p.get("supplier") or {}).get("registration_number")
    return {"tag": ["contract"], "contracts": [{
        "id": f"contract-{content['number']}", "awardID": release.award_id(winner) if winner else "award",
        "status": "active", "dateSigned": release.stamp(p["signed_at"]), "value": release.value(p["value"]),
        "documents": release.documents(content, "contractNotice", "contractSigned")}]}


class ContractForm(NoticeForm):
    signed_at = DateTimeLocalField(_l("Signed at"), [InputRequired()], format=MINUTES, description=_l(
        "When the contract was signed, in the project's time zone; not in the future."))
    value_amount = StringField(_l("Contract value"), [DataRequired(), Length(max=30)],
                               description=_l("A decimal amount, such as 980000.00."))
    value_currency = StringField(_l("Currency"), [DataRequired(), Length(max=3)],
                                 description=_l("ISO 4217 code, such as CNY, USD or EUR."))


def form(tender: Tender) -> ContractForm:
    """Signed now, for the winning price, to start with."""
    built = ContractForm()
    if request.method == "GET":
        result = Notice.latest_published(tender, NoticeKind.RESULT)
        built.signed_at.data = local(clock_now(), tender.timezone)
        price = result.payload["price"] if result else {"amount": "", "currency": tender.value_currency}
        built.value_amount.data, built.value_currency.data = price["amount"], price["currency"]
    return built


def form_data(form: ContractForm, tender: Tender, _rows) -> dict:
    return {"kind": "contract", "body": texts(form, "body"),
            "signed_at": aware_text(form.signed_at.data, tender.timezone),
            "value": {"amount": form.value_amount.data, "currency": form.value_currency.data}}


def draft_context(_form, tender: Tender, _now: datetime) -> dict:
    return {"result": Notice.latest_published(tender, NoticeKind.RESULT)}


def feed_facts(notice: Notice, _tender: Tender, lang: str) -> list[Fact]:
    p: Contract = notice.payload
    return [(("签订日期", "Signed"), shown(p["signed_at"], lang)),
            (("合同金额", "Contract value"), money(p["value"]["amount"], p["value"]["currency"], lang))]


KIND = register(Kind(
    NoticeKind.CONTRACT, Action.PUBLISH_CONTRACT, Role.MANAGER, _l("Draft the contract notice"),
    "signed_at (ISO 8601 with offset), value {amount, currency}",
    clean, form, form_data, feed_facts, check=check, preview=preview, draft_context=draft_context,
    record=record, record_json=record_json, timeline_label=_l("Contract notice published"), ocds=ocds))
