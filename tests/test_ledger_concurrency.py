"""Four processes publishing at once, as four app servers sharing one database would: the ledger
stays one gapless log, every notice in it once, and it verifies."""

import json
import multiprocessing

from sqlalchemy import select
from tender_board_verify import merkle

from tender_board import create_app
from tender_board.auth.models import Role, User
from tender_board.extensions import db
from tender_board.ledger import log, notices
from tender_board.notices.models import Notice
from tender_board.notices.operations import approve_notice
from tender_board.transaction import transaction

from .conftest import BASE_CONFIG

PROCESSES, EACH = 4, 6


def publisher(config: dict, approver_id: int, notice_ids: list[int], start, failures) -> None:
    """One app server: its own app, engine and connections; approves its notices one by one."""
    app = create_app(config)
    with app.app_context():
        start.wait(timeout=60)
        for notice_id in notice_ids:
            try:
                with transaction():
                    approve_notice(db.session.get(Notice, notice_id), db.session.get(User, approver_id))
            except Exception as error:  # reported to the test, which fails on any
                failures.put(f"{notice_id}: {error!r}")
        db.session.remove()
        db.engine.dispose()


def test_four_processes_publishing_at_once_leave_one_gapless_log(make_app, make, clock):
    app = make_app()
    with app.app_context():
        approver = make.user(Role.APPROVER)
        waiting = [make.submitted(make.tender(manager=make.user(Role.MANAGER)), make.announcement()).id
                   for _ in range(PROCESSES * EACH)]
        db.session.commit()
        config = {**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "CLOCK": clock}
        approver_id = approver.id
        db.session.remove()
        db.engine.dispose()  # no connection crosses the fork

    context = multiprocessing.get_context("fork")
    start, failures = context.Barrier(PROCESSES), context.Queue()
    workers = [context.Process(target=publisher, args=(config, approver_id, waiting[i::PROCESSES], start, failures))
               for i in range(PROCESSES)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
    problems = [failures.get() for _ in range(failures.qsize())]
    assert problems == [] and [w.exitcode for w in workers] == [0] * PROCESSES

    with app.app_context():
        entries = log.entries(0, 1000)
        assert [e.index for e in entries] == list(range(PROCESSES * EACH))
        assert sorted(e.notice_id for e in entries) == sorted(waiting)
        assert [json.loads(e.data)["index"] for e in entries] == list(range(PROCESSES * EACH))
        published = db.session.scalars(select(Notice).where(Notice.id.in_(waiting))).all()
        assert all(n.ledger_entry is not None for n in published)
        compact = merkle.CompactRange()
        for entry in entries:
            compact.append(merkle.leaf_hash(entry.data.encode("utf-8")))
        assert compact.root() == log.root(len(entries))
        assert list(notices.verify()) == []
