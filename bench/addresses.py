"""Distinct addresses for the benchmark, the way readers spread over the board: thousands of
tender pages and notice pages of every kind, searches with short and long Chinese and English
terms, deep list pages and filter combinations, search and tender feeds, API lists and items,
OCDS records and release pages, ledger entries, proofs and checkpoints, and the oversight pages
with the tenders each indicator flags.

    python -m bench.addresses OUTDIR [--seed N]

reads the database named by DATABASE_URL (through the app, as `flask` would) and writes one file
of paths per scenario into OUTDIR, one path a line, shuffled. `bench/distinct.lua` makes wrk pick
each request at random from such a file.
"""

import argparse
import random
import sys
import urllib.parse
from pathlib import Path

from sqlalchemy import func, select

TENDER_PAGES = 5000
NOTICE_PAGES = 5000
API_ITEMS = 3000
TENDER_FEEDS = 1500
OCDS_RECORDS = 3000
RELEASE_PAGES = 1000
LEDGER_ADDRESSES = 3000
# One, two and many characters, Chinese and English: the terms readers type.
TERMS = ["楼", "路", "维修", "使馆", "改造", "工程", "消防", "宿舍楼", "签证大厅", "北京办公楼", "抗震加固工程",
         "repair", "embassy", "road", "wall", "canteen", "visa hall", "fire safety", "energy retrofit",
         "office building repair", "Hanoi", "Nairobi", "Berlin", "seismic"]
COUNTRIES = ["CN", "VN", "KE", "DE", "BR", "EG", "TH"]
STATUSES = ["open", "closed", "evaluating", "awarded", "contracted", "failed", "cancelled"]


def _q(path: str, **params) -> str:
    kept = {k: v for k, v in params.items() if v is not None}
    return f"{path}?{urllib.parse.urlencode(kept)}" if kept else path


def addresses(rng: random.Random) -> dict[str, list[str]]:
    from tender_board.extensions import db
    from tender_board.ledger import log
    from tender_board.notices.models import Notice, NoticeStatus
    from tender_board.oversight.models import OversightFlag
    from tender_board.tenders.models import Tender

    public = (Tender.published_at.is_not(None), Tender.sandbox.is_(False))
    tenders = db.session.execute(select(Tender.reference, Tender.ocid).where(*public)
                                 .order_by(func.random()).limit(max(TENDER_PAGES, API_ITEMS, OCDS_RECORDS))).all()
    references = [reference for reference, _ocid in tenders]
    kinds = list(db.session.scalars(select(Notice.kind).distinct()))
    notices = [row for kind in kinds for row in db.session.execute(  # every kind alike
        select(Tender.reference, Notice.number).join(Notice, Notice.tender_id == Tender.id)
        .where(*public, Notice.status == NoticeStatus.PUBLISHED, Notice.kind == kind)
        .order_by(func.random()).limit(NOTICE_PAGES // max(1, len(kinds))))]
    sequences = list(db.session.scalars(select(Notice.sequence).where(Notice.sequence.is_not(None))
                                        .order_by(func.random()).limit(RELEASE_PAGES)))
    size = log.size()
    codes = list(db.session.scalars(select(OversightFlag.code).where(OversightFlag.tender_id.is_not(None))
                                    .distinct()))
    langs = [None, "en"]

    searches = [_q("/tenders", q=term, page=page, country=country, lang=lang)
                for term in TERMS for page in (1, 2, 3) for country in (None, rng.choice(COUNTRIES))
                for lang in langs]
    lists = [_q("/tenders", page=page, sort=sort, country=country, status=status, lang=lang)
             for page in range(1, 51) for sort in (None, "deadline", "value")
             for country, status in ((None, None), (rng.choice(COUNTRIES), None), (None, rng.choice(STATUSES)))
             for lang in (rng.choice(langs),)]
    feeds = [_q(f"/feeds/notices.{fmt}", q=term, country=country, lang=lang)
             for term in [None, *TERMS] for country in (None, *COUNTRIES) for fmt in ("rss", "atom")
             for lang in (rng.choice(langs),)]
    feeds += [f"/tenders/{reference}/feed.{rng.choice(['rss', 'atom'])}" for reference in references[:TENDER_FEEDS]]
    api_lists = [_q("/api/v1/tenders", q=term, country=country, status=status, limit=limit)
                 for term in (None, *TERMS[:12]) for country in (None, *COUNTRIES[:4])
                 for status in (None, "open", "awarded") for limit in (20, 50)]
    ledger = [_q("/api/v1/ledger/entries", start=i, end=i + rng.choice((1, 10, 100)))
              for i in _indexes(rng, size, LEDGER_ADDRESSES // 3)]
    ledger += [_q("/api/v1/ledger/proof/inclusion", index=i, size=rng.randint(i + 1, size))
               for i in _indexes(rng, size, LEDGER_ADDRESSES // 3)]
    ledger += [_q("/api/v1/ledger/proof/consistency", **{"from": i, "to": rng.randint(i, size)})
               for i in _indexes(rng, size, LEDGER_ADDRESSES // 3)]
    ledger += ["/ledger/checkpoint", "/ledger/key", "/ledger", "/ledger?lang=en"]
    oversight = [_q(page, lang=lang) for page in ("/oversight", "/oversight/indicators") for lang in langs]
    oversight += ["/oversight.json", "/oversight.csv", "/oversight/flags.rss", "/oversight/flags.atom"]
    oversight += [_q("/tenders", flag=code, page=page, country=country, lang=lang)
                  for code in codes for page in range(1, 11) for country in (None, rng.choice(COUNTRIES))
                  for lang in langs]
    found = {
        "tender pages": [_q(f"/tenders/{r}", lang=rng.choice(langs)) for r in references[:TENDER_PAGES]],
        "notice pages": [_q(f"/tenders/{r}/notices/{n}", lang=rng.choice(langs)) for r, n in notices],
        "searches": searches,
        "list pages": lists,
        "feeds": feeds,
        "API items": [f"/api/v1/tenders/{r}" for r in references[:API_ITEMS]],
        "API lists": api_lists,
        "OCDS records": [f"/ocds/records/{o}.json" for _r, o in tenders[:OCDS_RECORDS]],
        "OCDS releases": [_q("/ocds/releases.json", cursor=c, limit=rng.choice((None, 10, 100)))
                          for c in sequences],
        "ledger": ledger if size else [],
        "oversight": oversight,
    }
    for paths in found.values():
        rng.shuffle(paths)
    return found


def _indexes(rng: random.Random, size: int, count: int) -> list[int]:
    return [rng.randrange(size) for _ in range(count)] if size else []


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    from tender_board import create_app

    app = create_app()
    args.outdir.mkdir(parents=True, exist_ok=True)
    with app.app_context():
        for name, paths in addresses(random.Random(args.seed)).items():
            quoted = [urllib.parse.quote(p, safe="/?&=%:") for p in paths]
            (args.outdir / f"{name.replace(' ', '-')}.txt").write_text("\n".join(quoted) + "\n", encoding="utf-8")
            print(f"{name}\t{len(paths)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
