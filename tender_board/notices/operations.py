"""Drafting and four-eyes approval of notices, of every kind (notices.registry). Each command takes
the acting user, flushes, and never commits; the request or CLI command commits once."""

from .. import security_log
from .. import validation as v
from ..auth.models import Role
from ..clock import now as clock_now
from ..counters import next_value, public_changed
from ..errors import conflict, forbidden, invalid
from ..extensions import db
from ..ledger import log as ledger_log
from ..ledger.notices import append_notice
from ..tenders.lifecycle import Action
from ..tenders.models import Tender
from ..tenders.operations import apply
from . import kinds  # noqa: F401  (the first half's kinds register themselves)
from .models import Notice, NoticeKind, NoticeStatus
from .registry import Kind, kind_of

# Features downstream that recompute something of their own from each publication (the oversight
# indicators): called with (tender, notice, now) once the notice is published, in the same
# transaction. They read what was published and write only their own tables.
AFTER_PUBLICATION: list = []


def draft_notice(tender: Tender, data: dict, actor) -> Notice:
    """Draft a notice of any kind; its fields are checked now and again at approval."""
    kind = kind_of(v.choice(data.get("kind"), NoticeKind, "kind"))
    if not kind.may_draft(tender, actor):
        raise forbidden("您不能为该招标项目起草此类公告。",
                        "You may not draft this kind of notice for this tender.")
    if Notice.pending(tender, kind.kind) is not None:
        raise conflict("该项目已有一份同类公告在起草或审批中。",
                       "A notice of this kind is already being drafted or approved for this tender.",
                       "pending_notice", field_name="kind")
    now = clock_now()
    _refuse_unless_draftable(kind, tender, now)
    body = v.bilingual(data.get("body"), "body", 50000, required=False)
    payload = kind.clean(tender, data)
    documents = _documents(tender, data.get("documents", []))
    notice = Notice(kind=kind.kind, status=NoticeStatus.DRAFT, author_id=actor.id, created_at=now,
                    body=body, payload=payload)
    kind.check(tender, notice, now)  # before it joins the session: a refusal stores nothing
    notice.tender, notice.documents = tender, documents
    db.session.add(notice)
    db.session.flush()
    return notice


def revise_notice(notice: Notice, data: dict, actor) -> Notice:
    """The author changes a saved draft (or one returned by the approver), checked as a new one."""
    if actor.id != notice.author_id or notice.status != NoticeStatus.DRAFT:
        raise forbidden("只能修改自己的草稿。", "You can only edit your own drafts.")
    tender, kind, now = notice.tender, kind_of(notice.kind), clock_now()
    if v.choice(data.get("kind"), NoticeKind, "kind") != notice.kind:
        raise invalid("kind", "草稿的公告类型不能更改。", "A draft keeps its kind of notice.")
    _refuse_unless_draftable(kind, tender, now)
    notice.body = v.bilingual(data.get("body"), "body", 50000, required=False)
    notice.payload = kind.clean(tender, data)
    notice.documents = _documents(tender, data.get("documents", []))
    kind.check(tender, notice, now)  # a refusal rolls the whole change back
    db.session.flush()
    return notice


def _refuse_unless_draftable(kind: Kind, tender: Tender, now) -> None:
    """A notice may be drafted only when its publication is a transition allowed now."""
    refused = kind.refused_now(tender, now)
    if refused is not None:
        raise refused


def _documents(tender: Tender, ids) -> list:
    if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
        raise invalid("documents", "文件应为编号列表。", "Documents must be a list of ids.")
    documents = [d for d in tender.documents if d.id in set(ids)]
    if len(documents) != len(set(ids)):
        raise invalid("documents", "有文件不属于该招标项目。",
                      "A document does not belong to this tender.")
    return documents


def submit_notice(notice: Notice, actor) -> Notice:
    """The author sends the draft for approval (报审)."""
    if actor.id != notice.author_id:
        raise forbidden("只有起草人可以提交审批。", "Only the author may submit this notice.")
    if notice.status != NoticeStatus.DRAFT:
        raise conflict("只有草稿可以提交审批。", "Only a draft can be submitted.", "not_draft")
    now = clock_now()
    tender, kind = notice.tender, kind_of(notice.kind)
    _refuse_unless_draftable(kind, tender, now)
    kind.check(tender, notice, now)
    notice.status = NoticeStatus.IN_APPROVAL
    notice.submitted_at = now
    notice.rejection_reason = None
    if notice.kind == NoticeKind.ANNOUNCEMENT:
        apply(tender, Action.SUBMIT, actor, now, notice=notice)
    db.session.flush()
    return notice


def _check_approver(notice: Notice, actor) -> None:
    if actor.role != Role.APPROVER:
        raise forbidden("只有审批人可以审批公告。", "Only approvers approve notices.")
    if actor.id == notice.author_id:
        security_log.warning("four_eyes.refused", notice=notice.id, user=actor.id)
        raise forbidden("不能审批自己起草的公告（四眼原则）。",
                        "You cannot approve a notice you drafted (four eyes).")
    if notice.status != NoticeStatus.IN_APPROVAL:
        raise conflict("该公告不在审批中。", "This notice is not awaiting approval.",
                      "not_in_approval")


def approve_notice(notice: Notice, actor) -> Notice:
    """An approver other than the author publishes the notice, re-checking every rule now."""
    _check_approver(notice, actor)
    now = clock_now()
    tender, kind = notice.tender, kind_of(notice.kind)
    kind.check(tender, notice, now)

    def publish() -> None:
        kind.publish(tender, notice, now)
        number = next_value(f"notice-number:{tender.id}")
        # Sandbox tenders stay out of the public ledger. The sequence number takes the ledger's
        # lock: concurrent publications queue here until this one commits.
        sequence = None if tender.sandbox else ledger_log.lock()
        notice.number, notice.sequence = number, sequence
        notice.status = NoticeStatus.PUBLISHED
        notice.approver_id = actor.id
        notice.published_at = now
        tender.updated_at = now
        if sequence is not None:
            append_notice(notice)

    apply(tender, kind.action, actor, now, notice=notice, effect=publish)
    for hook in AFTER_PUBLICATION:
        hook(tender, notice, now)
    public_changed(tender.id)  # the public pages cached on every server are out of date
    return notice


def reject_notice(notice: Notice, actor, reason) -> Notice:
    """The approver sends the notice back to its author with a reason."""
    _check_approver(notice, actor)
    notice.rejection_reason = v.clean_text(reason, "reason", 5000)
    notice.status = NoticeStatus.DRAFT
    if notice.kind == NoticeKind.ANNOUNCEMENT:
        apply(notice.tender, Action.REJECT, actor, clock_now(), notice=notice)
    db.session.flush()
    return notice


def withdraw_unpublished(notice: Notice, actor) -> None:
    """The author discards a draft that was never published."""
    if actor.id != notice.author_id or notice.status != NoticeStatus.DRAFT:
        raise forbidden("只能删除自己的草稿。", "You can only discard your own drafts.")
    db.session.delete(notice)
    db.session.flush()
