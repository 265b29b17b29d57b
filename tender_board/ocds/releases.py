"""Releases and records, read from the published notices alone.

A release is one published notice: its kind's part (`Kind.ocds`, from the notice's content) inside
the envelope built here from the tender's terms as published with that notice. Earlier notices
never change, so neither does a release. A record is every release of one tender, and the release
ocdsmerge compiles from them.
"""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..notices import release as parts
from ..notices.content import current_terms, notice_content
from ..notices.models import Notice, NoticeStatus
from ..notices.registry import kind_of
from ..tenders.lifecycle import Status
from ..tenders.models import Tender
from . import standard

# PRODUCT.md §2: the tender's status as OCDS `tender.status`.
TENDER_STATUS = {
    Status.DRAFT: "planning", Status.IN_APPROVAL: "planning",
    Status.OPEN: "active", Status.CLOSED: "active", Status.EVALUATING: "active", Status.PUBLICITY: "active",
    Status.AWARDED: "complete", Status.CONTRACTED: "complete",
    Status.CANCELLED: "cancelled", Status.FAILED: "unsuccessful",
}


def release(notice: Notice, terms: dict) -> dict:
    """The release of one published notice; `terms` as published with it (current_terms of the
    tender's notices up to this one)."""
    part = dict(kind_of(notice.kind).ocds(notice_content(notice), terms))
    buyer = parts.organization(parts.BUYER_ID, terms["procuring_entity"], ["buyer"])
    agency = parts.organization(parts.AGENCY_ID, terms["agency"], ["procuringEntity"])
    tender = {"id": terms["reference"], "status": TENDER_STATUS[Status(terms["status"])], **part.pop("tender", {})}
    return {
        "ocid": terms["ocid"],
        "id": f"{terms['ocid']}-{notice.number:02d}-{notice.kind.value}",
        "date": parts.stamp(notice.published_at),
        "tag": part.pop("tag"),
        "initiationType": "tender",
        "language": "zh",
        "parties": [buyer, agency, *part.pop("parties", [])],
        "buyer": parts.reference(buyer),
        "tender": tender,
        **part,
    }


def tender_releases(notices: list[Notice], wanted: set[int] | None = None) -> dict[int, dict]:
    """Every release of one tender (or only those of the `wanted` notice ids), oldest first, by
    notice id: `notices` are its published notices."""
    ordered = sorted(notices, key=lambda n: n.number)
    made = {}
    for i, notice in enumerate(ordered):
        if wanted is not None and notice.id not in wanted:
            continue  # its terms still count for the later ones
        terms = current_terms(ordered[:i + 1])
        if terms is not None:  # nothing is public before the announcement
            made[notice.id] = release(notice, terms)
    return made


def record(notices: list[Notice]) -> dict | None:
    """The tender's record: every release, and the compiled release; None before its announcement."""
    releases = list(tender_releases(notices).values())
    if not releases:
        return None
    return {"ocid": releases[0]["ocid"], "releases": releases,
            "compiledRelease": standard.merger().create_compiled_release(releases)}


# --- what the public may see ---------------------------------------------------------------------

def public_notices():
    """Published notices of real tenders, in ledger order (sandbox tenders have no sequence)."""
    return select(Notice).join(Tender, Tender.id == Notice.tender_id).where(
        Notice.status == NoticeStatus.PUBLISHED, Notice.sequence.is_not(None), Tender.sandbox.is_(False))


def releases_of(sequences: list[int]) -> dict[int, dict]:
    """The release of each of these public notices, by sequence, however many tenders they span:
    their tenders' published notices read in one query (their documents and tenders in two more)."""
    tender_ids = select(Notice.tender_id).where(Notice.sequence.in_(sequences)).scalar_subquery()
    published = db.session.scalars(select(Notice).where(
        Notice.tender_id.in_(tender_ids), Notice.status == NoticeStatus.PUBLISHED)
        .options(selectinload(Notice.documents), selectinload(Notice.tender))).all()
    by_tender: dict[int, list[Notice]] = {}
    for notice in published:
        by_tender.setdefault(notice.tender_id, []).append(notice)
    asked = set(sequences)
    wanted = {n.id: n.sequence for n in published if n.sequence in asked}
    built = {}
    for found in by_tender.values():
        built.update(tender_releases(found, set(wanted)))
    return {wanted[notice_id]: made for notice_id, made in built.items()}


def public_tender_notices(ocid: str) -> list[Notice]:
    """The published notices of the real tender with this ocid (none if there is no such tender)."""
    tender = db.session.scalar(select(Tender).where(Tender.ocid == ocid, Tender.sandbox.is_(False)))
    if tender is None:
        return []
    return [n for n in tender.published_notices if n.sequence is not None]
