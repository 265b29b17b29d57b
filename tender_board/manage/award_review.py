"""What the staff pages show of the second half: the next steps on a tender's workspace, and for
the approver, what an opening, failure, candidates, result or contract notice will publish.

A candidates draft holds only the names of the candidates: its ranking, scores and committee
make-up are frozen at publication, so until then the approver sees them computed now from the
evaluation the draft was made from, exactly as publication will freeze them.
"""

from datetime import datetime

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..bids.candidates import committee_composition, ranking_rows, report_summary  # the published shapes
from ..bids.evaluation import opening_bids, ranking, tie_rule
from ..bids.kinds import contract_due, published_notice
from ..bids.models import Evaluation
from ..clock import now as clock_now
from ..extensions import db
from ..notices.models import Notice, NoticeKind, NoticeStatus
from ..tenders import rules
from ..tenders.lifecycle import TRANSITIONS, Status
from ..tenders.models import Tender
from .blueprint import bp

AWARD_KINDS = ("opening", "failure", "candidates", "result", "contract")
# What a manager drafts in each state, after the bid deadline.
MANAGER_STEPS = {
    Status.CLOSED: (NoticeKind.OPENING, NoticeKind.FAILURE),
    Status.EVALUATING: (NoticeKind.FAILURE,),
    Status.PUBLICITY: (NoticeKind.RESULT,),
    Status.AWARDED: (NoticeKind.CONTRACT,),
}


def _pending(tender: Tender, kind: NoticeKind) -> bool:
    return db.session.scalar(select(Notice.id).where(
        Notice.tender_id == tender.id, Notice.kind == kind,
        Notice.status != NoticeStatus.PUBLISHED).limit(1)) is not None


def award_steps(tender: Tender, status: Status) -> list[tuple[str, str, str | None]]:
    """(what, label, link) for each step of the second half the tender's manager may take now:
    a page to open ("link"), the re-tender button ("retender"), or a word on who acts ("note")."""
    labels = {NoticeKind.OPENING: _("Draft the opening record"), NoticeKind.FAILURE: _("Draft a failure notice"),
              NoticeKind.RESULT: _("Draft the result notice"), NoticeKind.CONTRACT: _("Draft the contract notice")}
    steps = [("link", labels[kind], url_for(f"manage.draft_{kind.value}", reference=tender.reference))
             for kind in MANAGER_STEPS.get(status, ())
             if (status, kind.publish_action) in TRANSITIONS and not _pending(tender, kind)]
    if status == Status.EVALUATING:
        steps.append(("note", _("The evaluators record the evaluation and draft the candidates notice."), None))
    if status == Status.PUBLICITY:
        steps.append(("link", _("Objections and answers"), url_for("manage.objections", reference=tender.reference)))
    if status == Status.FAILED and tender.retendered_as is None:
        steps.append(("retender", _("Re-tender: a new draft with these terms"),
                      url_for("manage.retender_tender", reference=tender.reference)))
    elif status == Status.FAILED:
        steps.append(("link", _("Re-tendered as %(reference)s", reference=tender.retendered_as.reference),
                      url_for("manage.tender", reference=tender.retendered_as.reference)))
    return steps


def candidates_preview(notice: Notice) -> dict:
    """The candidates notice as publication will freeze it; once published, what it froze."""
    if notice.is_published:
        return notice.payload
    evaluation = db.session.get(Evaluation, notice.payload["evaluation_id"])
    tender = notice.tender
    window = rules.profile(tender.rule_profile).days("objection_window", tender.clock_rate)
    return {**notice.payload, "method": evaluation.method.value, "tie_rule": tie_rule(evaluation),
            "criteria": [{"name": c.name, "weight": f"{c.weight:.2f}"} for c in evaluation.criteria],
            "ranking": ranking_rows(evaluation, ranking(evaluation, opening_bids(tender))),
            "rejected": [{"registration_number": r.bid.registration_number, "bidder": r.bid.bidder_name,
                          "reason": r.reason} for r in evaluation.rejections],
            "committee_size": len(evaluation.members), "committee_composition": committee_composition(evaluation),
            "report": report_summary(evaluation), "report_at": evaluation.report_at.isoformat(),
            "objections_until": (clock_now() + window).isoformat(), "preview": True}


def contract_preview(notice: Notice) -> dict:
    """The due date (30 days after the result) and whether this signature is late."""
    if notice.is_published:
        return notice.payload
    result = published_notice(notice.tender, NoticeKind.RESULT)
    due = contract_due(notice.tender, result) if result else None
    signed = datetime.fromisoformat(notice.payload["signed_at"])
    return {**notice.payload, "due": due.isoformat() if due else None, "overdue": bool(due and signed > due)}


def award_preview(notice: Notice) -> dict:
    if notice.kind == NoticeKind.CANDIDATES:
        return candidates_preview(notice)
    if notice.kind == NoticeKind.CONTRACT:
        return contract_preview(notice)
    return notice.payload


@bp.context_processor
def award_helpers() -> dict:
    return {"award_steps": award_steps, "award_preview": award_preview, "award_kinds": AWARD_KINDS}
