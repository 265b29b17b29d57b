"""Objections (异议) to the candidates, and the tenderee's answers (Reg. art. 54).

An objection is made during the publicity window and answered within 3 days; until every
objection is answered the result cannot be published. The tender's manager records both, on the
objector's behalf, and both are public on the tender's page as soon as they are recorded.
"""

from datetime import datetime

from sqlalchemy import select

from .. import validation as v
from ..auth.models import Role
from ..clock import now as clock_now
from ..counters import public_changed
from ..errors import conflict, forbidden, invalid
from ..extensions import db
from ..notices.models import Notice, NoticeKind
from ..tenders import rules
from ..tenders.lifecycle import Status
from ..tenders.models import Tender
from ..times import minute_in_zones, parse
from .models import Objection


def _check_manager(tender: Tender, actor) -> None:
    if actor.role != Role.MANAGER or actor.id != tender.manager_id:
        raise forbidden("只有该项目的项目经理可以登记异议及答复。",
                        "Only this tender's manager records objections and answers.")


def _check_publicity(tender: Tender, now: datetime) -> None:
    if tender.status_at(now) != Status.PUBLICITY:
        raise conflict("只有中标候选人公示期间可以登记异议及答复。",
                       "Objections and answers are recorded only while the candidates are "
                       "published, before the result.", "not_publicity")


def _submitted_at(tender: Tender, notice: Notice, value, now: datetime) -> datetime:
    """When the objector made it: within the window, and not in the future."""
    submitted = now if value is None else v.aware_datetime(value, "submitted_at")
    window_end = parse(notice.payload["objections_until"])
    if submitted > now:
        raise invalid("submitted_at", "异议提出时间不能晚于当前时间。",
                      "The objection cannot be dated in the future.")
    if not notice.published_at <= submitted <= window_end:
        profile = rules.profile(tender.rule_profile)
        start, end = (minute_in_zones(moment, tender.timezone) for moment in (notice.published_at, window_end))
        raise rules.violation(
            profile["objection_window"], f"异议应在公示期内提出：{start['zh']} 至 {end['zh']}。",
            f"An objection is made during the publicity window: from {start['en']} to {end['en']}.", "submitted_at",
            window_start=notice.published_at, window_end=window_end, submitted=submitted)
    return submitted


def record_objection(tender: Tender, data: dict, actor) -> Objection:
    """Who objected, when, and what they said."""
    _check_manager(tender, actor)
    now = clock_now()
    _check_publicity(tender, now)
    if not isinstance(data, dict):
        raise invalid(None, "请求体应为 JSON 对象。", "The body must be a JSON object.")
    notice = Notice.latest_published(tender, NoticeKind.CANDIDATES)
    objection = Objection(
        tender_id=tender.id, notice_id=notice.id, recorded_by_id=actor.id,
        objector=v.clean_text(data.get("objector"), "objector", 300),
        text=v.clean_text(data.get("text"), "text", 10000),
        submitted_at=_submitted_at(tender, notice, data.get("submitted_at"), now))
    db.session.add(objection)
    public_changed(tender.id)
    db.session.flush()
    return objection


def answer_objection(objection: Objection, data: dict, actor) -> Objection:
    """The answer, once; a late answer is recorded all the same and shown as late."""
    _check_manager(objection.tender, actor)
    now = clock_now()
    _check_publicity(objection.tender, now)
    if objection.answered_at is not None:
        raise conflict("该异议已答复；答复一经公开不再修改。",
                       "This objection has been answered; a public answer is not changed.",
                       "already_answered")
    if not isinstance(data, dict):
        raise invalid(None, "请求体应为 JSON 对象。", "The body must be a JSON object.")
    objection.answer = v.clean_text(data.get("answer"), "answer", 10000)
    objection.answered_at = now
    public_changed(objection.tender_id)
    db.session.flush()
    return objection


def tender_objections(tender: Tender) -> list[Objection]:
    return list(db.session.scalars(select(Objection).where(Objection.tender_id == tender.id)
                                   .order_by(Objection.submitted_at, Objection.id)))
