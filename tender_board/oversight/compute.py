"""Computing the flags from compiled releases and storing them (oversight.models).

`judge_tender(release)` and `judge_board(releases)` are pure: the same functions run on the
releases of the bulk file. `recompute_tender` runs when a notice is published; `refresh` runs
every indicator over the whole board.
"""

from flask import current_app, has_request_context
from sqlalchemy import delete, select

from ..counters import public_changed
from ..extensions import db
from ..ocds.bulk import compiled_releases
from ..ocds.releases import record
from ..tenders.models import Tender
from .indicator import Flag
from .indicators import BOARD_INDICATORS, TENDER_INDICATORS
from .models import OversightFlag


def judge_tender(release: dict) -> list[Flag]:
    """The tender indicators raised by one compiled release."""
    return [flag for indicator in TENDER_INDICATORS if (flag := indicator.judge(release)) is not None]


def judge_board(releases: list[dict]) -> tuple[dict[str, list[Flag]], dict[str, dict]]:
    """The board indicators over every compiled release: {ocid: flags}, and {code: note} for those
    that could not judge."""
    flags: dict[str, list[Flag]] = {}
    notes = {}
    for indicator in BOARD_INDICATORS:
        judged = indicator.judge(releases)
        for ocid, flag in judged.flags.items():
            flags.setdefault(ocid, []).append(flag)
        if judged.note:
            notes[indicator.code] = judged.note
    return flags, notes


def compiled_release(tender: Tender) -> dict | None:
    built = record([n for n in tender.published_notices if n.sequence is not None])
    return built["compiledRelease"] if built else None


def _store(tender_id: int | None, flags: list[Flag], codes: set[str], now) -> None:
    """Replace the rows of `codes` for this tender with `flags`; a flag still raised keeps the
    moment it was first raised."""
    old = {row.code: row for row in db.session.scalars(select(OversightFlag).where(
        OversightFlag.tender_id.is_(None) if tender_id is None else OversightFlag.tender_id == tender_id,
        OversightFlag.code.in_(codes)))}
    raised = {flag.code: flag for flag in flags}
    for code, row in old.items():
        if code not in raised:
            db.session.delete(row)
    for code, flag in raised.items():
        row = old.get(code) or OversightFlag(tender_id=tender_id, code=code, raised_at=now)
        row.explanation, row.computed_at = flag.explanation, now
        db.session.add(row)


TENDER_CODES = {i.code for i in TENDER_INDICATORS}
BOARD_CODES = {i.code for i in BOARD_INDICATORS}


def recompute_tender(tender: Tender, now) -> list[Flag]:
    """The tender's own indicators, from its compiled release, stored."""
    release = None if tender.sandbox else compiled_release(tender)
    flags = judge_tender(release) if release else []
    _store(tender.id, flags, TENDER_CODES, now)
    db.session.flush()
    return flags


def after_publication(tender: Tender, _notice, now) -> None:
    """The publish step's hook. Links in releases need a request or PUBLIC_URL; without either
    (a command with no address), `flask oversight refresh` computes them later. Judging is pure
    and runs before anything is stored: should it fail, the notice is published all the same,
    the failure is logged, and the next refresh computes the flags."""
    if not (has_request_context() or current_app.config.get("PUBLIC_URL")):
        return
    try:
        release = None if tender.sandbox else compiled_release(tender)
        flags = judge_tender(release) if release else []
    except Exception:  # noqa: BLE001 (a question for watchers never stops a publication)
        current_app.logger.exception("oversight flags not computed for tender %s", tender.reference)
        return
    _store(tender.id, flags, TENDER_CODES, now)
    db.session.flush()


def refresh(now) -> tuple[int, int]:
    """Every indicator over every real tender: (tenders judged, flags raised)."""
    releases = [release for _year, release in compiled_releases()]
    ids = dict(db.session.execute(select(Tender.ocid, Tender.id).where(Tender.sandbox.is_(False))).all())
    board, notes = judge_board(releases)
    first = {(row.tender_id, row.code): row.raised_at for row in db.session.execute(
        select(OversightFlag.tender_id, OversightFlag.code, OversightFlag.raised_at))}
    db.session.execute(delete(OversightFlag))
    raised = 0
    for release in releases:
        flags = judge_tender(release) + board.get(release["ocid"], [])
        raised += len(flags)
        for flag in flags:
            tender_id = ids[release["ocid"]]
            db.session.add(OversightFlag(tender_id=tender_id, code=flag.code, explanation=flag.explanation,
                                         raised_at=first.get((tender_id, flag.code), now), computed_at=now))
    for code, note in notes.items():
        db.session.add(OversightFlag(tender_id=None, code=code, explanation=note, raised_at=now, computed_at=now))
    public_changed()  # the tender pages cached on every server show the old flags
    db.session.flush()
    return len(releases), raised
