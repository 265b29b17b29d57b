"""Staff at work during the benchmark: tenders drafted, submitted and published through the real
commands (four eyes, the statutory checks, the counters, the search index, the page versions).

    python -m bench.writer --seconds 30 --rate 1          # one publication a second
    python -m bench.writer --seconds 10 --rate 0 --processes 4   # as fast as four writers can

Each publication is two transactions, as on the staff pages: the manager drafts and submits an
announcement, an approver publishes it. Prints `published N in S s (R/s), E errors` and exits
non-zero if any publication failed (a lock error included).
"""

import argparse
import multiprocessing
import sys
import time
from datetime import timedelta


def _people():
    from tender_board.auth.models import Role
    from tender_board.auth.operations import create_user, find_user

    made = []
    for email, role in (("bench-manager@tenderboard.example", Role.MANAGER),
                        ("bench-approver@tenderboard.example", Role.APPROVER)):
        made.append(find_user(email) or create_user(email, email.split("@")[0], role, "x" * 24))
    return made


def _tender(number: int) -> dict:
    return {
        "category": "overseas", "country": "VN", "city": "Hanoi", "timezone": "Asia/Ho_Chi_Minh",
        "title": {"zh": f"驻越南使馆维修工程（基准 {number}）", "en": f"Hanoi embassy repair (benchmark {number})"},
        "description": {"zh": "外立面及屋面维修。", "en": "Facade and roof repair."},
        "procuring_entity": {"zh": "外交部行政司", "en": "MFA Department of Administration"},
        "agency": {"zh": "中咨招标代理", "en": "Zhongzi Tendering Agency"},
        "value": {"amount": "1000000.00", "currency": "CNY"},
    }


def publish_one(number: int, manager_id: int, approver_id: int) -> None:
    from tender_board.auth.models import User
    from tender_board.clock import now as clock_now
    from tender_board.extensions import db
    from tender_board.notices.operations import approve_notice, draft_notice, submit_notice
    from tender_board.tenders.operations import create_tender
    from tender_board.transaction import transaction

    with transaction():
        manager = db.session.get(User, manager_id)
        tender = create_tender(_tender(number), manager)
        now = clock_now()
        notice = draft_notice(tender, {
            "kind": "announcement", "bid_deadline": (now + timedelta(days=30)).isoformat(),
            "documents_from": now.isoformat(), "documents_until": (now + timedelta(days=10)).isoformat(),
            "opening_place": {"zh": "北京开标室", "en": "Beijing opening room"},
            "contact": {"zh": "张先生", "en": "Mr Zhang"}}, manager)
        submit_notice(notice, manager)
        notice_id = notice.id
    with transaction():
        approve_notice(db.session.get(type(notice), notice_id), db.session.get(User, approver_id))


def work(seconds: float, rate: float, offset: int, results) -> None:
    from tender_board import create_app
    from tender_board.extensions import db
    from tender_board.transaction import transaction

    app = create_app()
    published = errors = 0
    with app.app_context():
        with transaction():
            manager, approver = _people()
            ids = manager.id, approver.id
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            begun = time.monotonic()
            try:
                publish_one(offset + published + errors, *ids)
                published += 1
            except Exception as error:  # noqa: BLE001 (counted and reported: the benchmark's subject)
                errors += 1
                print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
            db.session.remove()
            if rate:
                time.sleep(max(0.0, 1 / rate - (time.monotonic() - begun)))
        results.put((published, errors, time.monotonic() - started))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rate", type=float, default=1, help="publications a second per process; 0: flat out")
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args(argv)
    results = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=work, args=(args.seconds, args.rate, 10_000_000 * (i + 1), results))
               for i in range(args.processes)]
    for worker in workers:
        worker.start()
    outcomes = [results.get() for _ in workers]
    for worker in workers:
        worker.join()
    published = sum(p for p, _, _ in outcomes)
    errors = sum(e for _, e, _ in outcomes)
    elapsed = max(s for _, _, s in outcomes)
    print(f"published {published} in {elapsed:.1f} s ({published / elapsed:.1f}/s), {errors} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
