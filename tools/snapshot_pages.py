"""Save every page of the demo board, on a fixed clock, to a folder: for diffing before and after
a change that should not alter what anyone reads.

    .venv/bin/python tools/snapshot_pages.py /tmp/pages-before
    (change the code)
    .venv/bin/python tools/snapshot_pages.py /tmp/pages-after
    diff -r /tmp/pages-before /tmp/pages-after

`public/` holds what anyone can read: the home page, searches with every filter, every tender and
every notice page in both languages, the feeds, OPML and the read API. `staff/` holds what each
demo account sees: workspaces, every draft form, every notice awaiting or past approval, the
evaluation pages and the objections. Each file is the answer's status, its content type and its
body, exactly as served. The data is the demo set (`flask demo`) loaded on its own SQLite file.
"""

import logging
import re
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from flask_migrate import upgrade
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tender_board import create_app, demo  # noqa: E402
from tender_board.auth.models import Role, User  # noqa: E402
from tender_board.clock import FixedClock  # noqa: E402
from tender_board.extensions import db  # noqa: E402
from tender_board.notices.models import Notice, NoticeKind  # noqa: E402
from tender_board.tenders.models import Tender  # noqa: E402

# The sign-out button's token differs in every session; it is the one thing that may.
CSRF_TOKEN = re.compile(rb'(name="csrf_token" value=")[^"]*(")')
NOW = datetime(2027, 6, 1, 2, 0, tzinfo=UTC)  # 10:00 Beijing time
LANGS = ("zh", "en")
SEARCHES = [
    "", "category=overseas", "category=domestic", "country=VN", "country=CN", "q=维修", "q=Embassy",
    "q=使馆 维修", "sort=deadline", "sort=value", "page=2", "published_from=2027-04-01",
    "deadline_to=2027-06-30", "value_min=1000000&value_max=5000000", "status=bogus", "page=0",
    "value_min=9&value_max=1", *(f"status={s}" for s in ("open", "closed", "evaluating", "publicity",
                                                          "awarded", "contracted", "cancelled", "failed")),
    *(f"kind={k.value}" for k in NoticeKind),
]


def main(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    with tempfile.TemporaryDirectory() as scratch:
        app = create_app({
            "SECRET_KEY": "snapshot", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{scratch}/demo.sqlite",
            "CLOCK": FixedClock(NOW), "WTF_CSRF_ENABLED": False, "SERVER_NAME": "tenders.example",
            "PUBLIC_PAGE_CACHE_SIZE": 0,
            "ARGON2_PARAMETERS": {"time_cost": 1, "memory_cost": 8, "parallelism": 1}})
        with app.app_context():
            logging.getLogger("alembic").setLevel(logging.WARNING)
            upgrade()
            demo.load(echo=lambda _line: None)
            db.session.commit()
            tenders = list(db.session.scalars(select(Tender).order_by(Tender.id)))
            public = [(t.reference, [n.number for n in t.published_notices]) for t in tenders if t.published_at]
            drafts = [t.reference for t in tenders if not t.published_at]
            notices = list(db.session.scalars(select(Notice.id).order_by(Notice.id)))
            users = [(u.email, u.role, [t.reference for t in tenders if t.manager_id == u.id])
                     for u in db.session.scalars(select(User).order_by(User.id))]
            db.session.remove()
        save_public(app, folder / "public", public, drafts)
        save_staff(app, folder / "staff", users, notices, public)
    print(f"saved {sum(1 for _ in folder.rglob('*'))} answers to {folder}")


def save_public(app, folder: Path, public: list, drafts: list) -> None:
    client = app.test_client()
    paths = ["/feeds", "/feeds.opml", "/feeds.opml?lang=en", "/api/v1/openapi.json"]
    for lang in LANGS:
        paths += ["/?lang=" + lang, "/feeds?lang=" + lang]
        paths += [f"/tenders?{search}&lang={lang}".replace("?&", "?") for search in SEARCHES]
        for reference, numbers in public:
            paths.append(f"/tenders/{reference}?lang={lang}")
            paths += [f"/tenders/{reference}/notices/{n}?lang={lang}" for n in numbers]
        paths += [f"/tenders/{reference}?lang={lang}" for reference in drafts]
        for fmt in ("rss", "atom"):
            paths += [f"/feeds/notices.{fmt}?lang={lang}",
                      *(f"/feeds/notices.{fmt}?kind={k.value}&lang={lang}" for k in NoticeKind),
                      f"/feeds/notices.{fmt}?category=overseas&status=open&lang={lang}"]
            paths += [f"/tenders/{reference}/feed.{fmt}?lang={lang}" for reference, _ in public]
    paths += ["/api/v1/tenders", "/api/v1/tenders?status=awarded", "/api/v1/tenders?limit=3&sort=value"]
    paths += [f"/api/v1/tenders/{reference}" for reference, _ in public]
    for path in paths:
        save(folder, client, path)


def save_staff(app, folder: Path, users: list, notices: list, public: list) -> None:
    published = [reference for reference, _ in public]
    for email, role, own in users:
        client = app.test_client()
        answer = client.post("/login", data={"email": email, "password": demo.DEMO_PASSWORD})
        assert answer.status_code == 302, (email, answer.status_code)
        where = folder / email.split("@")[0]
        paths = ["/manage/", "/manage/approvals", "/manage/evaluations", "/admin/users", "/manage/tenders/new"]
        paths += [f"/manage/notices/{notice_id}" for notice_id in notices]
        for reference in own:
            paths += [f"/manage/tenders/{reference}", f"/manage/tenders/{reference}/edit",
                      f"/manage/tenders/{reference}/objections",
                      *(f"/manage/tenders/{reference}/notices/new/{kind.value}" for kind in NoticeKind)]
        if role == Role.EVALUATOR:
            for reference in published:
                paths += [f"/manage/evaluations/{reference}", f"/manage/evaluations/{reference}/candidates"]
        for lang in LANGS:
            for path in paths:
                save(where / lang, client, path + ("&" if "?" in path else "?") + f"lang={lang}")


def save(folder: Path, client, path: str) -> None:
    answer = client.get(path)
    folder.mkdir(parents=True, exist_ok=True)
    name = quote(path.lstrip("/"), safe="") or "home"
    head = f"{answer.status}\n{answer.content_type}\n{answer.headers.get('Location', '')}\n\n".encode()
    (folder / name).write_bytes(head + CSRF_TOKEN.sub(rb"\1-\2", answer.get_data()))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "pages"))
