"""The tender announcement (招标公告): it publishes the tender, with its bid deadline, the period in
which the documents are available, the opening place and the contacts."""

from datetime import datetime
from decimal import Decimal
from typing import NotRequired, TypedDict

from flask import request
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from ... import validation as v
from ...auth.models import Role
from ...errors import DomainError, invalid
from ...forms import MultiCheckboxField, aware, bilingual, document_choices, moment_field, texts, zone_choices
from ...i18n import shown, text
from ...tenders import rules
from ...tenders.lifecycle import Action, Status, refusal
from ...tenders.models import Tender
from ...tenders.ocid import ocid
from ...times import minute_in_zones, parse
from ...urls import public_url
from .. import release
from ..content import tender_terms
from ..forms import NoticeForm
from ..models import Notice, NoticeKind
from ..registry import Fact, Kind, deadline_facts, register, typed_zone


class AnnouncementDraft(TypedDict):
    bid_deadline: str  # ISO 8601; also the public opening
    documents_from: str
    documents_until: str
    opening_place: dict[str, str]
    contact: dict[str, str]
    # Announcements drafted before these were asked for carry neither.
    bid_security: NotRequired[str | None]  # 投标保证金: an amount in the estimated value's currency
    submission: NotRequired[dict[str, str] | None]  # how and where bids are submitted
    zone: NotRequired[str]  # the IANA zone the times were typed in, to show them back as typed


class Announcement(AnnouncementDraft):
    """As published: the draft's fields and the tender's full terms (notices.content.TENDER_TERMS),
    frozen, so that the notice alone says what was announced."""

    reference: str
    ocid: str
    category: str
    title: dict[str, str]
    description: dict[str, str]
    country: str
    city: str
    mission: dict[str, str] | None
    timezone: str
    procuring_entity: dict[str, str]
    agency: dict[str, str]
    value: dict[str, str]  # {"amount", "currency"}
    procurement_method: str
    qualification: dict[str, str] | None
    rule_profile: str
    retender_of: str | None  # the failed tender's reference


def clean(tender: Tender, data: dict) -> AnnouncementDraft:
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
        "bid_deadline": deadline.isoformat(),
        "documents_from": documents_from.isoformat(),
        "documents_until": documents_until.isoformat(),
        "opening_place": v.bilingual(data.get("opening_place"), "opening_place", 500),
        "contact": v.bilingual(data.get("contact"), "contact", 1000),
        "bid_security": _bid_security(tender, data.get("bid_security")),
        "submission": v.bilingual(data.get("submission"), "submission", 2000, required=False),
        **typed_zone(data),
    }


def _bid_security(tender: Tender, value) -> str | None:
    """The bid security each bidder provides (投标保证金), in the estimated value's currency;
    None: none is asked. Its limit is a rule, checked with the others (`check`)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return v.canonical_amount(v.amount(value, tender.value_currency, "bid_security"), tender.value_currency)


def _check_bid_security(tender: Tender, payload: AnnouncementDraft) -> None:
    """At most the profile's share of the estimated value (2%, Regulations art. 26)."""
    if not payload.get("bid_security"):
        return
    profile = rules.profile(tender.rule_profile)
    limit = tender.value_amount * Decimal(profile["bid_security_max"].number)
    if Decimal(payload["bid_security"]) > limit:
        shown_limit, code = v.canonical_amount(limit, tender.value_currency), tender.value_currency
        raise rules.violation(
            profile["bid_security_max"],
            f"投标保证金 {payload['bid_security']} {code} 超过上限 {shown_limit} {code}（估算价的 2%）。",
            f"The bid security of {payload['bid_security']} {code} exceeds the limit of {shown_limit} {code} "
            "(2% of the estimated value).", "bid_security")


def check(tender: Tender, notice: Notice, now: datetime) -> None:
    """At least 20 days to bid from the documents' issue, 5 days to obtain them, and a bid
    security of at most 2% of the estimated value."""
    profile = rules.profile(tender.rule_profile)
    payload: AnnouncementDraft = notice.payload
    _check_bid_security(tender, payload)
    deadline = parse(payload["bid_deadline"])
    issued = max(now, parse(payload["documents_from"]))
    until = parse(payload["documents_until"])
    earliest = issued + profile.days("bid_period", tender.clock_rate)
    if deadline < earliest:
        shown_earliest = minute_in_zones(earliest, tender.timezone)
        raise rules.violation(
            profile["bid_period"],
            f"投标截止时间过早，最早可为{shown_earliest['zh']}。",
            f"The bid deadline is too early; the earliest lawful deadline is {shown_earliest['en']}.",
            "bid_deadline", documents_issued=issued, bid_deadline=deadline, earliest=earliest)
    if until - issued < profile.days("documents_period", tender.clock_rate):
        raise rules.violation(
            profile["documents_period"], "招标文件发售期过短。",
            "The tender documents are not available for long enough.",
            "documents_until", documents_from=issued, documents_until=until)


def preview(tender: Tender, notice: Notice, _now: datetime) -> Announcement:
    """The tender's terms as they stand, which publication freezes in the notice."""
    if notice.is_published:
        return notice.payload
    return {**notice.payload, **tender_terms(tender)}


def effect(tender: Tender, notice: Notice, now: datetime) -> None:
    """The announcement's terms become the tender's; the tender is public from now on."""
    payload: Announcement = notice.payload
    tender.bid_deadline = parse(payload["bid_deadline"])
    tender.documents_from = parse(payload["documents_from"])
    tender.documents_until = parse(payload["documents_until"])
    tender.opening_place = payload["opening_place"]
    tender.contact = payload["contact"]
    tender.published_at = now


def ocds(content: dict, terms: dict) -> dict:
    """The `tender` release: the terms as announced, the bid period, the tender documents; for a
    re-tender, the unsuccessful process it follows."""
    related = {"relatedProcesses": [{
        "id": "retender-of", "relationship": ["unsuccessfulProcess"], "scheme": "ocid",
        "identifier": ocid(terms["retender_of"]), "title": terms["retender_of"],
        "uri": public_url("ocds.record_package", ocid=ocid(terms["retender_of"]))}]} if terms["retender_of"] else {}
    return {"tag": ["tender"], **related, "tender": {
        **release.texts("title", terms["title"]), **release.texts("description", terms["description"]),
        "value": release.value(terms["value"]),
        "procurementMethod": terms["procurement_method"],
        "mainProcurementCategory": "works",
        "procuringEntity": {"id": release.AGENCY_ID, "name": release.texts("name", terms["agency"])["name"]},
        **release.texts("eligibilityCriteria", terms["qualification"]),
        "submissionMethod": ["inPerson"],
        **release.texts("submissionMethodDetails", content["payload"].get("submission")),
        "tenderPeriod": {"startDate": release.stamp(content["published_at"]),
                         "endDate": release.stamp(terms["bid_deadline"])},
        "awardPeriod": {"startDate": release.stamp(terms["bid_deadline"])},
        "ruleProfile": terms["rule_profile"],  # an additional field: the statutory numbers it follows (tenders.rules)
        "documents": release.documents(content, "tenderNotice", "biddingDocuments"),
    }}


def refused(tender: Tender, now: datetime) -> DomainError | None:
    """Drafted while the tender itself is a draft; its submission moves the tender to approval."""
    return None if tender.status == Status.DRAFT else refusal(tender.status_at(now), Action.SUBMIT)


# --- the staff page ------------------------------------------------------------------------------

class AnnouncementForm(NoticeForm):
    # In the page's order, so that the error summary lists them as the eye meets them.
    zone = SelectField(_l("Time zone of these times"), description=_l(
        "The times below are read in this zone and stored with it."))
    documents_from = moment_field(_l("Documents available from"), _l(
        "When bidders can first obtain the tender documents."))
    documents_until = moment_field(_l("Documents available until"), _l(
        "At least 5 days after they become available, and not after the bid deadline."))
    bid_deadline = moment_field(_l("Bid deadline and opening time"), _l(
        "Bids are opened in public at this moment. At least 20 days after the documents are first issued."))
    opening_place_zh, opening_place_en = bilingual(_l("Opening place"), _l(
        "Where the public bid opening takes place."), max_length=500)
    contact_zh, contact_en = bilingual(_l("Contact"), _l("Who answers bidders' questions, and how."),
                                       max_length=1000)
    bid_security = StringField(_l("Bid security"), [Optional(), Length(max=30)], description=_l(
        "The amount each bidder deposits, in the estimated value's currency; at most 2 percent of that value. "
        "Leave empty if none is asked."))
    submission_zh, submission_en = bilingual(_l("How to submit bids"), _l(
        "Where and how bids are delivered (sealed, in person, by the deadline). Empty: sealed bids "
        "are delivered in person to the opening place before the deadline."), area=True, max_length=2000)
    documents = MultiCheckboxField(_l("Documents to publish"), coerce=int, description=_l(
        "The tender documents published with this notice; upload them on the tender's page first."))


def form(tender: Tender) -> AnnouncementForm:
    built = AnnouncementForm()
    built.zone.choices = zone_choices(tender)
    built.documents.choices = document_choices(tender)
    if request.method == "GET":  # the tender documents uploaded so far go out with it, unless unticked
        built.zone.data = tender.timezone
        built.documents.data = [d.id for d in tender.documents]
    return built


def form_data(form: AnnouncementForm, tender: Tender, _rows) -> dict:
    zone = form.zone.data
    return {"kind": "announcement", "body": texts(form, "body"), "zone": zone,
            "bid_deadline": aware(form.bid_deadline.data, zone),
            "documents_from": aware(form.documents_from.data, zone),
            "documents_until": aware(form.documents_until.data, zone),
            "opening_place": texts(form, "opening_place"), "contact": texts(form, "contact"),
            "bid_security": form.bid_security.data or None, "submission": texts(form, "submission"),
            "documents": list(form.documents.data or [])}


def feed_facts(notice: Notice, tender: Tender, lang: str) -> list[Fact]:
    p: Announcement = notice.payload
    return [*deadline_facts(parse(p["bid_deadline"]), tender, lang),
            (("招标文件发售", "Documents available"),
             f"{shown(p['documents_from'], lang)} – {shown(p['documents_until'], lang)}"),
            (("开标地点", "Opening place"), text(p["opening_place"], lang))]


KIND = register(Kind(
    NoticeKind.ANNOUNCEMENT, Action.PUBLISH_ANNOUNCEMENT, Role.MANAGER, _l("Draft the announcement"),
    "bid_deadline, documents_from, documents_until (ISO 8601 with offset), opening_place, contact, "
    "bid_security (optional amount in the value's currency), submission (optional), zone (optional: the IANA "
    "zone the times were typed in)",
    clean, form, form_data, feed_facts, check=check, preview=preview, effect=effect, refusal=refused,
    ocds=ocds))
