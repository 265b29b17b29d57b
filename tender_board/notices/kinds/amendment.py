"""The amendment (变更/澄清公告): changed terms, old → new, with the rationale. Less than 15 days
before the deadline it must move the deadline so that 15 days remain (Law art. 23, Reg. art. 21)."""

from datetime import datetime, timedelta
from typing import NotRequired, TypedDict

from flask import request
from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, SelectField
from wtforms.validators import Optional

from ... import validation as v
from ...auth.models import Role
from ...clock import now as clock_now
from ...errors import invalid
from ...forms import (
    MINUTES,
    MultiCheckboxField,
    aware,
    bilingual,
    document_choices,
    fill_texts,
    local,
    texts,
    zone_choices,
)
from ...i18n import pair, shown, text
from ...tenders import rules
from ...tenders.lifecycle import Action
from ...tenders.models import Tender
from ...times import minute_in_zones, parse
from .. import release
from ..content import current_terms
from ..forms import NoticeForm
from ..models import Notice, NoticeKind
from ..registry import Fact, Kind, deadline_facts, register, typed_zone

# The terms an amendment may change, each with its validator and its name.
AMENDABLE = {
    "bid_deadline": lambda x: v.aware_datetime(x, "changes.bid_deadline").isoformat(),
    "documents_until": lambda x: v.aware_datetime(x, "changes.documents_until").isoformat(),
    "opening_place": lambda x: v.bilingual(x, "changes.opening_place", 500),
    "contact": lambda x: v.bilingual(x, "changes.contact", 1000),
    "description": lambda x: v.bilingual(x, "changes.description", 20000),
    "qualification": lambda x: v.bilingual(x, "changes.qualification", 20000),
}
TIMES = ("bid_deadline", "documents_until")
TEXTS = ("opening_place", "contact", "description", "qualification")
FIELD_NAMES = {"bid_deadline": ("投标截止时间", "Bid deadline"),
               "documents_until": ("文件发售截止", "Documents available until"),
               "opening_place": ("开标地点", "Opening place"), "contact": ("联系方式", "Contact"),
               "description": ("项目概况", "Description"), "qualification": ("资格要求", "Qualification")}


class Amendment(TypedDict):
    changes: dict[str, str | dict]  # term → new value (a moment as ISO 8601, a text in two languages)
    rationale: dict[str, str]
    previous: NotRequired[dict[str, str | dict | None]]  # what the changes replaced, frozen at publication
    zone: NotRequired[str]  # the IANA zone the new times were typed in


def field_name(name: str, lang: str | None = None) -> str:
    return pair(FIELD_NAMES.get(name, (name, name)), lang)


def current_value(tender: Tender, name: str):
    value = getattr(tender, name)
    return value.isoformat() if isinstance(value, datetime) else value


def clean(tender: Tender, data: dict) -> Amendment:
    changes = data.get("changes")
    if not isinstance(changes, dict) or not changes:
        raise invalid("changes", "请说明变更的内容。", "Say what changes.", "required")
    unknown = sorted(set(changes) - set(AMENDABLE))
    if unknown:
        raise invalid(f"changes.{unknown[0]}", f"该项不可变更：{unknown[0]}。",
                      f"This field cannot be amended: {unknown[0]}.")
    clean_changes = {name: AMENDABLE[name](value) for name, value in changes.items()}
    same = [name for name, value in clean_changes.items() if value == current_value(tender, name)]
    if same:
        raise invalid(f"changes.{same[0]}", "变更后的值与当前值相同。",
                      "The new value is the same as the current one.")
    return {"changes": clean_changes, "rationale": v.bilingual(data.get("rationale"), "rationale", 5000),
            **typed_zone(data)}


def earliest_deadline(tender: Tender, now: datetime) -> datetime:
    """The earliest deadline an amendment published at `now` may keep (15 days away)."""
    return now + rules.profile(tender.rule_profile).days("amendment_notice", tender.clock_rate)


def check(tender: Tender, notice: Notice, now: datetime) -> None:
    profile = rules.profile(tender.rule_profile)
    changes = notice.payload["changes"]
    deadline = parse(changes.get("bid_deadline")) or tender.bid_deadline
    earliest = earliest_deadline(tender, now)
    if deadline < earliest:
        moved, shown_earliest = "bid_deadline" in changes, minute_in_zones(earliest, tender.timezone)
        raise rules.violation(
            profile["amendment_notice"],
            f"距投标截止不足 15 日，须将截止时间顺延至不早于{shown_earliest['zh']}。"
            if not moved else f"新的投标截止时间过早，最早可为{shown_earliest['zh']}。",
            f"Less than 15 days remain before the deadline: move it to {shown_earliest['en']} "
            "or later." if not moved else
            f"The new deadline is too early; the earliest lawful one is {shown_earliest['en']}.",
            "changes.bid_deadline", amendment=now, bid_deadline=deadline, earliest=earliest)
    first_period = tender.published_at + profile.days("bid_period", tender.clock_rate)
    if deadline < first_period:
        raise rules.violation(
            profile["bid_period"], "新的投标截止时间早于法定最短投标期。",
            "The new deadline would shorten the bid period below the legal minimum.",
            "changes.bid_deadline", announcement=tender.published_at, bid_deadline=deadline)
    until = parse(changes.get("documents_until")) or tender.documents_until
    if until > deadline:
        raise invalid("changes.documents_until", "文件发售截止时间不能晚于投标截止时间。",
                      "Documents cannot stay on sale past the bid deadline.")


def preview(tender: Tender, notice: Notice, _now: datetime) -> Amendment:
    """What each change replaces: the current public terms until publication freezes them."""
    if notice.is_published:
        return notice.payload
    terms = current_terms(tender.published_notices)
    return {**notice.payload, "previous": {name: terms[name] for name in notice.payload["changes"]}}


def effect(tender: Tender, notice: Notice, _now: datetime) -> None:
    for name, value in notice.payload["changes"].items():
        setattr(tender, name, parse(value) if name in TIMES else value)


def changes(payload: Amendment) -> list[tuple[str, object, object]]:
    """(term, old, new) for each change of a previewed or published amendment."""
    return [(name, payload["previous"].get(name), new) for name, new in payload["changes"].items()]


# What each amendable term is in an OCDS release's `tender`, where OCDS has a field for it.
OCDS_FIELDS = {"bid_deadline": "tenderPeriod", "description": "description", "qualification": "eligibilityCriteria"}


def ocds(content: dict, terms: dict) -> dict:
    """The `tenderAmendment` release: the new terms, and the amendment with its rationale."""
    p: Amendment = content["payload"]
    changed: dict = {}
    for name, new in p["changes"].items():
        if name == "bid_deadline":
            changed["tenderPeriod"] = {"endDate": release.stamp(new)}
            changed["awardPeriod"] = {"startDate": release.stamp(new)}
        elif name in OCDS_FIELDS:
            changed.update(release.texts(OCDS_FIELDS[name], new))
    names = ", ".join(pair(FIELD_NAMES[name], "en") for name in p["changes"])
    # OCDS 1.1 Amendment.changes (deprecated, still in the schema): which fields changed, their former values.
    former = [{"property": "tenderPeriod.endDate", "former_value": release.stamp(old)}
              for name, old, _new in changes(p) if name == "bid_deadline"]
    amendment = {"id": f"amendment-{content['number']}", "date": release.stamp(content["published_at"]),
                 **release.texts("rationale", p["rationale"]), "description": f"Changed: {names}.",
                 **({"changes": former} if former else {})}
    return {"tag": ["tenderAmendment"], "tender": {
        **changed, "amendments": [amendment],
        "documents": release.documents(content, "clarifications", "biddingDocuments", p["rationale"])}}


# --- the staff page ------------------------------------------------------------------------------

class AmendmentForm(NoticeForm):
    # In the page's order, so that the error summary lists them as the eye meets them.
    zone = SelectField(_l("Time zone of these times"), description=_l("The times below are read in this zone."))
    bid_deadline = DateTimeLocalField(_l("Bid deadline"), [Optional()], format=MINUTES, description=_l(
        "Leave as it is to keep the current deadline."))
    documents_until = DateTimeLocalField(_l("Documents available until"), [Optional()], format=MINUTES,
                                         description=_l("Leave as it is to keep the current date."))
    opening_place_zh, opening_place_en = bilingual(_l("Opening place"), _l("Change only what changes."),
                                                   max_length=500)
    contact_zh, contact_en = bilingual(_l("Contact"), _l("Change only what changes."), max_length=1000)
    description_zh, description_en = bilingual(_l("Description"), _l("Change only what changes."), area=True)
    qualification_zh, qualification_en = bilingual(_l("Qualification requirements"),
                                                   _l("Change only what changes."), area=True)
    rationale_zh, rationale_en = bilingual(_l("Rationale"), _l("Why the terms change; published with the changes."),
                                           area=True, max_length=5000)
    documents = MultiCheckboxField(_l("Documents to publish"), coerce=int, description=_l(
        "New or corrected documents published with this amendment."))


def proposal(tender: Tender) -> datetime | None:
    """When the 15-day rule requires it, the earliest lawful new deadline, rounded up to the hour."""
    earliest = earliest_deadline(tender, clock_now())
    if tender.bid_deadline is None or tender.bid_deadline >= earliest:
        return None
    rounded = earliest.replace(minute=0, second=0, microsecond=0)
    return rounded + timedelta(hours=1) if rounded < earliest else rounded


def form(tender: Tender) -> AmendmentForm:
    """Every field starts with the current term; the deadline with the lawful one if it must move."""
    built = AmendmentForm()
    built.zone.choices = zone_choices(tender)
    built.documents.choices = document_choices(tender)
    if request.method == "GET":
        built.zone.data = tender.timezone
        for name in TEXTS:
            fill_texts(built, name, getattr(tender, name))
        for name in TIMES:
            built[name].data = local(getattr(tender, name), built.zone.data)
        moved = proposal(tender)
        if moved:
            built.bid_deadline.data = local(moved, tender.timezone)
    return built


def form_data(form: AmendmentForm, tender: Tender, _rows) -> dict:
    """Only the fields whose value differs from the current terms become changes."""
    changed = {}
    for name in TIMES:
        new = aware(form[name].data, form.zone.data)
        current = getattr(tender, name)
        if new and new != (current.replace(second=0, microsecond=0) if current else None):
            changed[name] = new
    for name in TEXTS:
        new = {lang: value.strip() for lang, value in texts(form, name).items() if value.strip()}
        if new != (current_value(tender, name) or {}):
            changed[name] = new
    return {"kind": "amendment", "body": texts(form, "body"), "changes": changed, "zone": form.zone.data,
            "rationale": texts(form, "rationale"), "documents": list(form.documents.data or [])}


def draft_context(_form, tender: Tender, _now: datetime) -> dict:
    return {"proposal": proposal(tender)}


def feed_facts(notice: Notice, tender: Tender, lang: str) -> list[Fact]:
    """What changed, old → new; a moved deadline in both time zones."""
    p: Amendment = notice.payload
    facts = [(FIELD_NAMES.get(name, (name, name)), f"{shown(old, lang)} → {shown(new, lang)}")
             for name, old, new in changes(p)]
    if "bid_deadline" in p["changes"]:
        facts += deadline_facts(parse(p["changes"]["bid_deadline"]), tender, lang)
    return facts + [(("变更理由", "Rationale"), text(p["rationale"], lang))]


KIND = register(Kind(
    NoticeKind.AMENDMENT, Action.PUBLISH_AMENDMENT, Role.MANAGER, _l("Draft an amendment"),
    "changes {term: new value} (bid_deadline, documents_until, opening_place, contact, description, "
    "qualification), rationale, zone (optional: the IANA zone the times were typed in)",
    clean, form, form_data, feed_facts, check=check, preview=preview, effect=effect,
    draft_context=draft_context, form_names={"changes.": ""}, ocds=ocds))

assert set(AMENDABLE) == {*TIMES, *TEXTS} == set(FIELD_NAMES)  # a new amendable term needs its field and name
