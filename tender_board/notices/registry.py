"""The registry of notice kinds (公告类型). Each kind lives in one module that says everything about
it and ends by registering its `Kind`:

    notices/kinds/announcement.py, amendment.py, termination.py     the first half
    bids/kinds/opening.py, failure.py, candidates.py, result.py, contract.py   the kinds that
                                                                     carry bids and evaluations

Drafting and approval (notices.operations), the staff pages, the feeds, the API description and
the tender's public record ask the registry; none of them lists the kinds. A new kind: its value
in `NoticeKind` and its action in `tenders.lifecycle` (enum and table rows, and a migration for
the CHECK constraints); then one module that registers it (its `preview` freezing everything
the notice publishes, its OCDS release in `ocds`), one template `templates/notices/kinds/<kind>.html`,
and its tests.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask_wtf import FlaskForm

from .. import validation as v
from ..auth.models import Role
from ..errors import DomainError
from ..i18n import moment, text
from ..tenders.lifecycle import Action, refusal
from ..tenders.models import Tender
from ..times import BEIJING, BEIJING_ZONE
from .models import Notice, NoticeKind

Fact = tuple[tuple[str, str], str]  # (label in Chinese and English, value in the feed's language)


def _no_rule(_tender: Tender, _notice: Notice, _now: datetime) -> None:
    return None


def _as_drafted(_tender: Tender, notice: Notice, _now: datetime) -> dict:
    return notice.payload


def _nothing_more(*_args) -> dict:
    return {}


def _body_and_payload(notice: Notice) -> dict:
    return {"body": notice.body, "payload": notice.payload}


def _tender_update(_content: dict, _terms: dict) -> dict:
    return {"tag": ["tenderUpdate"]}


@dataclass(frozen=True)
class Kind:
    """Everything about one kind of notice, in the order of its life."""

    kind: NoticeKind
    action: Action  # its row in the lifecycle table (tenders.lifecycle.TRANSITIONS)
    drafter: Role  # MANAGER: the tender's own manager; EVALUATOR: any evaluator
    draft_label: str  # the staff workspace's link and the draft page's title
    api_fields: str  # what the drafter sends besides `kind`, `body` and `documents`
    # The drafter's input (the JSON API's, or form_data's) → the draft payload; refuses naming a field.
    clean: Callable[[Tender, dict], dict]
    # The staff page's form for this tender, and the input `clean` takes from it.
    form: Callable[[Tender], FlaskForm]
    form_data: Callable[[FlaskForm, Tender, object], dict]
    # One line per fact of the published notice, for a feed item's summary (with the tender's
    # public terms, notices.content.PublicTerms).
    feed_facts: Callable[[Notice, Tender, str], list[Fact]]
    # The statutory rules at a moment: at drafting, at submission, and again at approval.
    check: Callable[[Tender, Notice, datetime], None] = _no_rule
    # The payload as publication at `now` freezes it, with no side effect: the approver's page
    # shows it, and publication stores it.
    preview: Callable[[Tender, Notice, datetime], dict] = _as_drafted
    # What publication changes besides the notice itself: the tender's terms, its bids, ...
    effect: Callable[[Tender, Notice, datetime], None] = _no_rule
    # Why it cannot be drafted now (None: it can); by default, unless its transition is allowed.
    refusal: Callable[[Tender, datetime], DomainError | None] | None = None
    # What the draft page shows besides the form (the ranking, the current terms, ...).
    draft_context: Callable[[FlaskForm, Tender, datetime], dict] = _nothing_more
    # A refusal's field name → the form's field (a key ending in "." renames a prefix).
    form_names: dict[str, str] = field(default_factory=dict)
    # Its part of the tender's public record (bids.public), once published, and of the record's
    # JSON in the API (asked whether published or not: a part not published yet is null).
    record: Callable[[object, Notice, datetime], None] | None = None
    record_json: Callable[[object], dict] | None = None
    # Its publication as a date of the tender's timeline (None: not one).
    timeline_label: str | None = None
    # Its content in the public ledger (notices.ledger adds the reference, number, time,
    # documents...): what it published, from the notice's own frozen fields only, never from the
    # tender's working copy; JSON without floats.
    ledger_entry: Callable[[Notice], dict] = _body_and_payload
    # Its OCDS 1.1 release (with the bids extension): the tag and the parts this notice publishes,
    # from its content (notices.content.notice_content) and the tender's terms as published with
    # it (notices.content.current_terms); the ocds package adds the envelope (ocid, id, date,
    # buyer, the tender's id and status) and compiles the records. Helpers: notices.release.
    ocds: Callable[[dict, dict], dict] = _tender_update

    @property
    def template(self) -> str:
        """Its macros: `draft()` (the draft page), `published(p)` and `review(p)` (for approvers)."""
        return f"notices/kinds/{self.kind.value}.html"

    def refused_now(self, tender: Tender, now: datetime) -> DomainError | None:
        if self.refusal is not None:
            return self.refusal(tender, now)
        return refusal(tender.status_at(now), self.action)

    def draftable(self, tender: Tender, now: datetime) -> bool:
        return self.refused_now(tender, now) is None

    def may_draft(self, tender: Tender, user) -> bool:
        if self.drafter == Role.EVALUATOR:
            return user.role == Role.EVALUATOR
        return user.role == Role.MANAGER and user.id == tender.manager_id

    def publish(self, tender: Tender, notice: Notice, now: datetime) -> None:
        """The payload as previewed, frozen in the notice, and the kind's effects."""
        notice.payload = self.preview(tender, notice, now)
        self.effect(tender, notice, now)


_KINDS: dict[NoticeKind, Kind] = {}


def register(kind: Kind) -> Kind:
    _KINDS[kind.kind] = kind
    return kind


def kind_of(kind: NoticeKind | str) -> Kind:
    return _KINDS[NoticeKind(kind)]


def registered() -> list[Kind]:
    """Every kind, in the order of NoticeKind."""
    return [_KINDS[k] for k in NoticeKind if k in _KINDS]


def drafted_by(role: Role) -> list[Kind]:
    return [k for k in registered() if k.drafter == role]


# --- helpers the kinds share ---------------------------------------------------------------------

REASON = ("原因", "Reason")


def deadline_facts(deadline: datetime | None, tender: Tender, lang: str) -> list[Fact]:
    """The deadline in Beijing time and, abroad, in the project's own time."""
    if deadline is None:
        return []
    facts = [(("投标截止（北京时间）", "Bid deadline (Beijing time)"), moment(deadline, BEIJING, lang))]
    if tender.timezone != BEIJING_ZONE:
        facts.append((("投标截止（当地时间）", "Bid deadline (local time)"),
                      f"{moment(deadline, tender.timezone, lang)} {tender.timezone}"))
    return facts


def typed_zone(data: dict) -> dict:
    """{"zone": …} when the drafter said in which zone they typed the times (the staff forms do),
    so that review pages show them back as typed; else nothing."""
    return {"zone": v.timezone(data["zone"], "zone")} if data.get("zone") else {}


def reason_facts(notice: Notice, _tender: Tender, lang: str) -> list[Fact]:
    return [(REASON, text(notice.payload["reason"], lang))]

