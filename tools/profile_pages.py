"""Milliseconds per page on a cache miss, in-process, over distinct addresses: what each kind of
public page costs to build when the page cache cannot help (PUBLIC_PAGE_CACHE_SIZE = 0).

    DATABASE_URL=sqlite:////tmp/big.db TENDER_BOARD_SECRET_KEY=x \\
        .venv/bin/python tools/profile_pages.py [--n 200] [--only searches] [--profile searches]

prints, per kind, the mean and median ms per request over N distinct addresses (after a short
warm-up), and with --profile KIND the functions where that kind spends its time (cProfile).
The addresses are drawn from the database with a fixed seed, so two runs ask for the same pages.
"""

import argparse
import cProfile
import pstats
import random
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tender_board import create_app  # noqa: E402
from tender_board.extensions import db  # noqa: E402
from tender_board.notices.models import Notice, NoticeStatus  # noqa: E402
from tender_board.public.queries import encode_cursor  # noqa: E402
from tender_board.tenders.models import Tender  # noqa: E402

# One, two and many characters, Chinese and English.
TERMS = ["楼", "维修", "使馆", "工程", "宿舍楼", "签证大厅", "抗震加固工程", "北京办公楼",
         "repair", "visa hall", "fire safety", "office building repair", "Hanoi", "seismic", "e"]
COUNTRIES = ["CN", "VN", "KE", "DE", "BR", "EG", "TH"]
STATUSES = ["open", "closed", "awarded", "failed"]


def _q(path: str, **params) -> str:
    kept = {k: v for k, v in params.items() if v is not None}
    return f"{path}?{urllib.parse.urlencode(kept)}" if kept else path


def addresses(n: int, rng: random.Random) -> dict[str, list[str]]:
    public = (Tender.published_at.is_not(None), Tender.sandbox.is_(False))
    refs = list(db.session.scalars(select(Tender.reference).where(*public).order_by(func.random()).limit(n)))
    notices = db.session.execute(
        select(Tender.reference, Notice.number).join(Notice, Notice.tender_id == Tender.id)
        .where(*public, Notice.status == NoticeStatus.PUBLISHED).order_by(func.random()).limit(n)).all()
    lang = lambda: rng.choice([None, "en"])  # noqa: E731
    marks = list(db.session.scalars(select(Tender).where(*public).order_by(func.random()).limit(n)))
    kinds = {
        "tender pages": [_q(f"/tenders/{r}", lang=lang()) for r in refs],
        "notice pages": [_q(f"/tenders/{r}/notices/{k}", lang=lang()) for r, k in notices],
        "list pages": [_q("/tenders", page=rng.randint(1, 200), sort=rng.choice([None, "deadline", "value"]),
                          country=rng.choice([None, *COUNTRIES]), status=rng.choice([None, *STATUSES]),
                          lang=lang()) for _ in range(n)],
        "list by cursor": [_q("/tenders", page=rng.randint(2, 200), sort=sort, after=encode_cursor(mark, sort),
                              country=rng.choice([None, *COUNTRIES]), lang=lang()) for mark in marks
                           for sort in (rng.choice(["published", "deadline", "value"]),)],
        "searches": [_q("/tenders", q=rng.choice(TERMS), page=rng.choice([None, 2, 3]),
                        country=rng.choice([None, None, *COUNTRIES]), lang=lang()) for _ in range(n)],
        "search feeds": [_q(f"/feeds/notices.{rng.choice(['rss', 'atom'])}", q=rng.choice([None, *TERMS]),
                            country=rng.choice([None, *COUNTRIES]), lang=lang()) for _ in range(n)],
        "tender feeds": [f"/tenders/{r}/feed.{rng.choice(['rss', 'atom'])}" for r in refs],
        "API items": [f"/api/v1/tenders/{r}" for r in refs],
        "API lists": [_q("/api/v1/tenders", q=rng.choice([None, *TERMS]), country=rng.choice([None, *COUNTRIES]),
                         status=rng.choice([None, "open", "awarded"]), limit=rng.choice([20, 50]))
                      for _ in range(n)],
    }
    return {kind: list(dict.fromkeys(paths)) for kind, paths in kinds.items()}


def measure(client, paths: list[str]) -> list[float]:
    for path in paths[:5]:  # warm-up: templates compiled, connections opened
        client.get(path)
    timings = []
    for path in paths:
        start = time.perf_counter()
        answer = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        if answer.status_code != 200:
            print(f"  {answer.status_code} {path}", file=sys.stderr)
    return timings


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="distinct addresses per kind")
    parser.add_argument("--only", action="append", help="measure only this kind (repeatable)")
    parser.add_argument("--profile", help="cProfile this kind and print the top functions")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)
    app = create_app({"PUBLIC_PAGE_CACHE_SIZE": 0})
    client = app.test_client()
    with app.app_context():
        kinds = addresses(args.n, random.Random(args.seed))
    print(f"{'kind':<14} {'n':>5} {'mean ms':>8} {'median':>8} {'p90':>8}")
    for kind, paths in kinds.items():
        if args.only and kind not in args.only:
            continue
        timings = measure(client, paths)
        p90 = sorted(timings)[int(len(timings) * 0.9)]
        print(f"{kind:<14} {len(paths):>5} {statistics.mean(timings):>8.1f} "
              f"{statistics.median(timings):>8.1f} {p90:>8.1f}", flush=True)
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(measure, client, kinds[args.profile])
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    return 0


if __name__ == "__main__":
    sys.exit(main())
