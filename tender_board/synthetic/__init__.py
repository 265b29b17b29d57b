"""Synthetic boards for benchmarks (合成数据): many tenders, in bulk, all lawful.

A handful of prototype tenders are carried through the real commands (synthetic.prototypes):
announced, amended, opened with 3–8 bids, evaluated, awarded, contracted, failed and re-tendered,
cancelled, or still open. Their rows are read and the transaction rolled back; then each synthetic
tender is a copy of one (synthetic.clone) with its own reference, title, bidders and dates, and
the work the publish step does one notice at a time is done once for all (synthetic.bulk).
"""

import json
import random
import time
from collections.abc import Callable
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, text

from ..auth.models import Role
from ..auth.operations import create_user, find_user
from ..clock import now as clock_now
from ..counters import next_value, public_changed
from ..extensions import db
from ..ledger import checkpoints
from ..ocds.stored import rebuild as rebuild_releases
from ..oversight.compute import refresh as refresh_flags
from ..oversight.tender_facts import rebuild_facts
from ..tenders.models import Tender
from ..tenders.ocid import ocid
from ..times import BEIJING
from . import bulk
from .clone import NAMES, Copier, Family
from .prototypes import BIDDERS, FACILITIES, PLACES, WORKS, Life, build, title

# (life, weight): most tenders finished, some failed or cancelled, the rest open.
REALISTIC = [
    (Life("contracted-3", "contracted", bidders=3), 6),
    (Life("contracted-5", "contracted", bidders=5, disqualified=1), 10),
    (Life("contracted-8", "contracted", bidders=8, disqualified=2, amended=True), 6),
    (Life("contracted-6", "contracted", bidders=6), 8),
    (Life("awarded-4", "awarded", bidders=4), 8),
    (Life("awarded-7", "awarded", bidders=7, disqualified=1, amended=True), 6),
    (Life("publicity-5", "publicity", bidders=5), 3),
    (Life("evaluating-4", "evaluating", bidders=4), 3),
    (Life("failed-2", "failed", bidders=2), 3),
    (Life("failed-1-retendered", "failed", bidders=1, retendered=True), 4),
    (Life("cancelled", "cancelled"), 6),
    (Life("closed", "closed"), 2),
    (Life("open", "open"), 15),
    (Life("open-amended", "open", amended=True), 6),
]
ANNOUNCED = [(Life("announced", "open"), 1)]  # the old board: one announcement each, any age
FINISHED_DAYS = 120  # a finished prototype starts this long ago; its copies up to AGE_DAYS earlier
OPEN_DAYS = 3
AGE_DAYS = 600
BATCH = 2000
PEOPLE = [("manager", "synthetic-manager@tenderboard.example", "Synthetic manager", Role.MANAGER),
          ("approver", "synthetic-approver@tenderboard.example", "Synthetic approver", Role.APPROVER),
          ("evaluator", "synthetic-evaluator@tenderboard.example", "Synthetic evaluator", Role.EVALUATOR)]


def _people() -> dict:
    return {key: find_user(email) or create_user(email, name, role, "x" * 24)
            for key, email, name, role in PEOPLE}


def _prototypes(mix, people: dict, now) -> list[tuple[Family, int, Life, str]]:
    """Every life in every place, built and read; (family, weight, life, category code)."""
    families = []
    for number, (life, weight) in enumerate(mix):
        for p, place in enumerate(PLACES):
            keep_open = life.target == "open" and mix is not ANNOUNCED
            start = now - timedelta(days=OPEN_DAYS if keep_open else FINISHED_DAYS, hours=p)
            made = build(life, place, number * len(PLACES) + p, people, start)
            family = Family.read([t.id for t in made])
            family.keep_open = made[0].bid_deadline if keep_open else None
            family.swap_pattern([t.reference for t in made] + [t.ocid for t in made]
                                + list(made[0].title.values())
                                + [s for b in BIDDERS[:life.bidders] for s in b[:2]])
            families.append((family, weight, life, "DM" if place[0] == "CN" else "OS"))
    return families


def _swap(family: Family, life: Life, code: str, serial: int, days: int, rng) -> dict[str, str]:
    swap = {}
    for i, tender in enumerate(family.rows["tenders"]):
        year = (tender["created_at"] + timedelta(days=days)).astimezone(BEIJING).year
        reference = f"SYN-{year}-{code}-{serial + i:07d}"
        swap[tender["reference"]], swap[tender["ocid"]] = reference, ocid(reference)
    first = family.rows["tenders"][0]
    place = next(p for p in PLACES if p[2] == first["city"])
    names = title(place, rng.choice(FACILITIES), rng.choice(WORKS), str(serial))
    old_title = json.loads(first["title"])  # JSON columns are kept as text (clone.Family.read)
    swap.update({old_title[lang]: names[lang] for lang in ("zh", "en")})
    for old, new in zip(BIDDERS[:life.bidders], rng.sample(BIDDERS, life.bidders), strict=True):
        swap[old[0]], swap[old[1]] = new[0], new[1]
    return swap


def _days_back(family: Family, now, rng) -> int:
    if family.keep_open is not None:  # still open: its deadline stays ahead
        return -rng.randint(0, max(0, (family.keep_open - now).days - 1))
    return -rng.randint(0, AGE_DAYS)


def _copies(families: list, count: int, first_serial: int, now, rng):
    """Batches of copies' rows, table by table, `count` tenders in all."""
    first_ids = {name: (db.session.scalar(select(func.max(db.metadata.tables[name].c.id))) or 0) + 1
                 for name in NAMES}
    copier, weights = Copier(first_ids), [w for _f, w, _l, _c in families]
    done, batch = 0, {name: [] for name in NAMES}
    while done < count:
        family, _weight, life, code = rng.choices(families, weights)[0]
        size = len(family.rows["tenders"])
        if size > count - done:
            continue
        days = _days_back(family, now, rng)
        rows = copier.copy(family, days, _swap(family, life, code, first_serial + done, days, rng))
        for name, copied in rows.items():
            batch[name] += copied
        done += size
        if len(batch["tenders"]) >= BATCH or done == count:
            yield done, batch
            batch = {name: [] for name in NAMES}


class Stopwatch:
    """Says how long each step of a load took."""

    def __init__(self, echo: Callable[[str], None]):
        self.echo, self.started = echo, time.monotonic()

    def lap(self, step: str) -> None:
        now = time.monotonic()
        self.echo(f"{step}: {now - self.started:.1f} s")
        self.started = now


def load_synthetic(count: int, echo: Callable[[str], None] = print, mix=ANNOUNCED) -> None:
    """Add `count` tenders to the board; commits (first the synthetic staff, then the board)."""
    rng = random.Random(20261127)
    now = clock_now()
    people = _people()
    db.session.commit()
    watch = Stopwatch(echo)
    families = _prototypes(mix, people, now)
    watch.lap(f"{len(families)} prototype tenders built through the real commands")
    db.session.rollback()  # only their rows were wanted
    first_serial = next_value("synthetic")
    first_tender = (db.session.scalar(select(func.max(Tender.id))) or 0) + 1
    first_notice = (db.session.scalar(text("SELECT max(id) FROM notices")) or 0) + 1
    with bulk.triggers_set_aside() as stored:
        for done, batch in _copies(families, count, first_serial, now, rng):
            for name in bulk.TABLE_ORDER:
                if batch[name]:
                    db.session.execute(db.metadata.tables[name].insert(), batch[name])
            echo(f"{done} / {count}")
        watch.lap(f"{count} tenders copied")
        bulk.index_for_search(first_tender, stored)
        watch.lap("search index")
        first_sequence, _last = bulk.number_in_publication_order(first_notice)
        bulk.number_counters(first_tender)
        watch.lap("sequence numbers")
    watch.lap(f"{bulk.append_to_ledger(first_sequence)} ledger entries")
    db.session.execute(text("UPDATE counters SET value = :v WHERE key = 'synthetic'"),
                       {"v": first_serial + count})
    bulk.set_serials()
    public_changed()
    db.session.execute(text("ANALYZE"))  # the planner's statistics, for the data as it now is
    db.session.commit()
    watch.lap("statistics and commit")
    checkpoints.issue()
    rebuild_facts()  # the dashboard's per-tender facts, which the bulk copy bypassed
    db.session.commit()
    watch.lap("oversight facts")
    kept = rebuild_releases()  # the release pages' texts, which the publish step writes
    db.session.commit()
    watch.lap(f"{kept} OCDS releases kept")
    if current_app.config.get("PUBLIC_URL"):  # the releases' links need the public address
        judged, raised = refresh_flags(now)
        db.session.commit()
        echo(f"{judged} tenders judged, {raised} oversight flags raised")
