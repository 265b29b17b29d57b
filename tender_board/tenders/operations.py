"""Commands on tenders. Each takes the acting user, flushes, and never commits."""

from collections.abc import Callable
from datetime import datetime

from flask import current_app

from .. import validation as v
from ..auth.models import Role
from ..clock import now as clock_now
from ..counters import next_value
from ..errors import Refusals, conflict, forbidden, invalid, stale_version
from ..extensions import db
from ..times import BEIJING
from . import rules
from .lifecycle import Action, target_status
from .models import Category, ProcurementMethod, Status, Tender, TenderEvent
from .ocid import ocid

# Fields a manager sets on a draft, with the validator for each.
PROSE_FIELDS = {"title": 500, "description": 20000, "procuring_entity": 300, "agency": 300}
OPTIONAL_PROSE_FIELDS = {"mission": 300, "qualification": 20000}


def clean_terms(data: dict, partial: bool = False) -> dict:
    """Validate the editable fields of a tender; with `partial`, only those present."""
    if not isinstance(data, dict):
        raise invalid(None, "请求体应为 JSON 对象。", "The body must be a JSON object.")
    cleaners = {
        "category": lambda x: v.choice(x, Category, "category"),
        "procurement_method": lambda x: v.choice(x, ProcurementMethod, "procurement_method"),
        "country": v.country,
        "city": lambda x: v.clean_text(x, "city", 120),
        "timezone": v.timezone,
        "value": v.money,
        "rule_profile": _rule_profile,
        **{name: (lambda x, n=name, m=m: v.bilingual(x, n, m)) for name, m in PROSE_FIELDS.items()},
        **{name: (lambda x, n=name, m=m: v.bilingual(x, n, m, required=False))
           for name, m in OPTIONAL_PROSE_FIELDS.items()},
    }
    unknown = set(data) - set(cleaners) - {"sandbox", "version"}
    if unknown:
        name = sorted(unknown)[0]
        raise invalid(name, f"未知字段：{name}。", f"Unknown field: {name}.")
    optional = {"rule_profile", "procurement_method", *OPTIONAL_PROSE_FIELDS}
    clean, found = {}, Refusals()  # every field is checked: a form shows each refusal at once
    for name, cleaner in cleaners.items():
        if name in data:
            clean[name] = found.check(lambda cleaner=cleaner, name=name: cleaner(data[name]))
        elif not partial and name not in optional:
            found.add(invalid(name, "此项为必填项。", "This field is required.", "required"))
    found.raise_any()
    return clean


def _rule_profile(value) -> str:
    if not isinstance(value, str) or value not in rules.PROFILES:
        raise invalid("rule_profile", f"未知的规则配置：{value!r}。", f"Unknown rule profile {value!r}.")
    return value


def _assign(tender: Tender, terms: dict) -> None:
    for name, value in terms.items():
        if name == "value":
            tender.value_amount, tender.value_currency = value
        else:
            setattr(tender, name, value)


def create_tender(data: dict, actor, sandbox: bool = False) -> Tender:
    """A manager opens a new tender as a draft."""
    if actor.role != Role.MANAGER:
        raise forbidden("只有项目经理可以创建招标项目。", "Only project managers create tenders.")
    sandbox = _flag(data.get("sandbox", sandbox), "sandbox")
    terms = clean_terms(data)
    terms.setdefault("procurement_method", ProcurementMethod.OPEN)
    terms.setdefault("rule_profile", current_app.config["DEFAULT_RULE_PROFILE"])
    now = clock_now()
    tender = Tender(status=Status.DRAFT, sandbox=sandbox, manager_id=actor.id, created_at=now,
                    updated_at=now, clock_rate=current_app.config["SANDBOX_ACCELERATION"] if sandbox else 1)
    _assign(tender, terms)
    tender.reference = new_reference(tender.category, sandbox, now)
    tender.ocid = ocid(tender.reference)
    db.session.add(tender)
    db.session.flush()
    return tender


def _flag(value, field_name: str) -> bool:
    if not isinstance(value, bool):
        raise invalid(field_name, "应为 true 或 false。", "Must be true or false.")
    return value


def new_reference(category: Category, sandbox: bool, now: datetime) -> str:
    """MFA-2027-OS-0012: prefix, year in Beijing time, category, a per-year sequence."""
    config = current_app.config
    prefix = config["SANDBOX_REFERENCE_PREFIX" if sandbox else "REFERENCE_PREFIX"]
    year = now.astimezone(BEIJING).year
    kind = "OS" if category == Category.OVERSEAS else "DM"
    number = next_value(f"reference:{prefix}-{year}-{kind}")
    return f"{prefix}-{year}-{kind}-{number:04d}"


def check_version(tender: Tender, expected) -> None:
    """Optimistic locking: a write based on another version is refused and changes nothing."""
    if expected is None:
        raise invalid("version", "缺少版本号（If-Match）。", "The version (If-Match) is required.",
                      "version_required")
    try:
        expected = int(str(expected).strip().strip('"').removeprefix("W/").strip('"'))
    except ValueError:
        raise invalid("version", "版本号应为整数。", "The version must be a whole number.") from None
    if expected != tender.version:
        raise stale_version(expected, tender.version)


def update_tender(tender: Tender, data: dict, actor, expected_version) -> Tender:
    """The tender's manager edits its draft; published terms change only by amendment."""
    if actor.id != tender.manager_id:
        raise forbidden("只有该项目的项目经理可以修改。", "Only this tender's manager may edit it.")
    if tender.status != Status.DRAFT:
        raise conflict("只能修改草稿状态的招标项目；已发布的条款只能通过变更公告修改。",
                      "Only a draft tender can be edited; published terms change by amendment.",
                      "not_draft")
    check_version(tender, expected_version)
    terms = clean_terms(data, partial=True)
    _assign(tender, terms)
    tender.updated_at = clock_now()
    db.session.flush()
    return tender


def retender(failed: Tender, actor) -> Tender:
    """One action: a new draft tender with the failed one's terms, linked both ways."""
    if actor.id != failed.manager_id:
        raise forbidden("只有该项目的项目经理可以重新招标。", "Only this tender's manager may re-tender it.")
    if failed.retendered_as is not None:
        raise conflict("该项目已重新招标。", "This tender has already been re-tendered.",
                      "already_retendered")
    now = clock_now()
    copy: dict = {}

    def create_copy() -> None:
        fields = ("category", "title", "description", "country", "city", "mission", "timezone",
                  "procuring_entity", "agency", "procurement_method", "qualification",
                  "rule_profile", "sandbox", "clock_rate", "value_amount", "value_currency")
        reference = new_reference(failed.category, failed.sandbox, now)
        new = Tender(status=Status.DRAFT, manager_id=actor.id, created_at=now, updated_at=now,
                     reference=reference, ocid=ocid(reference),
                     retender_of=failed, **{f: getattr(failed, f) for f in fields})
        db.session.add(new)
        copy["tender"] = new

    apply(failed, Action.RETENDER, actor, now, effect=create_copy)
    return copy["tender"]


def apply(tender: Tender, action: Action, actor, now: datetime, notice=None,
          effect: Callable[[], None] | None = None) -> Status:
    """Move `tender` by `action` for `actor`: check the lifecycle table, run the effect, set the
    status, and append the event to the tender's history.

    The effect (the notice's own changes: terms, bids, awards) runs only once the transition is
    known to be allowed. Flushes, never commits: the request or command commits once.
    """
    current = tender.status_at(now)
    target = target_status(current, action)
    if effect is not None:
        effect()
    tender.status = target
    db.session.add(TenderEvent(tender=tender, action=action, from_status=current,
                               to_status=target, actor_id=actor.id, at=now, notice=notice))
    db.session.flush()
    return target
