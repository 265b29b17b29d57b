"""The demo data set and the command line of PRODUCT.md §5."""

import re
from datetime import UTC

from sqlalchemy import func, select

from tender_board.auth.operations import find_user, user_for_token
from tender_board.clock import system_now
from tender_board.demo import USERS, load
from tender_board.demo_pdf import tender_document
from tender_board.documents.models import Document
from tender_board.extensions import db
from tender_board.models import Bid, Notice, NoticeKind, Score, Tender
from tender_board.tenders.lifecycle import Status


def snapshot() -> dict:
    return {
        "tenders": db.session.scalar(select(func.count(Tender.id))),
        "notices": db.session.scalar(select(func.count(Notice.id))),
        "bids": db.session.scalar(select(func.count(Bid.id))),
        "references": sorted(db.session.scalars(select(Tender.reference))),
    }


def test_demo_covers_every_status_and_loads_once(make_app):
    app = make_app(CLOCK=system_now)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0 and "demo data loaded" in first.output
    with app.app_context():
        before = snapshot()
        now = system_now()
        tenders = db.session.scalars(select(Tender)).all()
        statuses = {t.status_at(now) for t in tenders}
        assert statuses == set(Status)
        assert len(tenders) >= 24
        overseas = [t for t in tenders if t.category.value == "overseas"]
        assert len({t.country for t in overseas}) >= 5 and len({t.timezone for t in overseas}) >= 5
        assert len({t.city for t in tenders if t.country == "CN"}) >= 4
        assert all("zh" in t.title for t in tenders)
        assert sum("en" in t.title for t in overseas) > len(overseas) / 2
        assert any(t.retender_of is not None for t in tenders)
        amendments = db.session.scalars(select(Notice).where(Notice.kind == NoticeKind.AMENDMENT)).all()
        assert any("bid_deadline" in a.payload["changes"] for a in amendments)
        assert any("bid_deadline" not in a.payload["changes"] for a in amendments)
        assert db.session.scalar(select(func.count(Score.id))) > 0
        assert all(n.published_at.tzinfo is UTC for n in db.session.scalars(select(Notice)) if n.published_at)
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0 and "nothing changed" in second.output
    with app.app_context():
        assert snapshot() == before
        assert load() is False


def test_demo_pages_render(make_app):
    app = make_app(CLOCK=system_now, SERVER_NAME=None, PUBLIC_URL=None)
    app.test_cli_runner().invoke(args=["demo"])
    client = app.test_client()
    listing = client.get("/tenders?lang=en")
    assert listing.status_code == 200 and "Embassy in Hanoi" in listing.get_data(as_text=True)
    for item in client.get("/api/v1/tenders?limit=200").get_json()["items"]:
        page = client.get(f"/tenders/{item['reference']}")
        assert page.status_code == 200
        for notice in client.get(f"/api/v1/tenders/{item['reference']}").get_json()["notices"]:
            assert client.get(notice["url"].replace("http://localhost", "")).status_code == 200


def test_demo_board_has_documents_both_managers_and_bilingual_amendments(make_app):
    app = make_app(CLOCK=system_now, SERVER_NAME=None, PUBLIC_URL=None)
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    client = app.test_client()
    with app.app_context():
        owners = {t.manager.email for t in db.session.scalars(select(Tender))}
        assert {USERS[0][0], USERS[1][0]} <= owners
        amendments = db.session.scalars(select(Notice).where(Notice.kind == NoticeKind.AMENDMENT,
                                                              Notice.published_at.is_not(None))).all()
        bilingual = [(name, new, a.payload["previous"][name]) for a in amendments
                     for name, new in a.payload["changes"].items() if isinstance(new, dict)]
        assert bilingual and all(new[lang] != old[lang] for _name, new, old in bilingual for lang in old)
        documents = {d.id: d for d in db.session.scalars(select(Document))}
    for item in client.get("/api/v1/tenders?limit=200").get_json()["items"]:  # every published tender
        page = client.get(f"/tenders/{item['reference']}?lang=en").get_data(as_text=True)
        assert "No documents have been published" not in page, item["reference"]
        ids = [int(n) for n in re.findall(r'href="/documents/(\d+)"', page)]
        assert ids and all(documents[i].sha256 in page for i in ids), item["reference"]
        if item["status"] == "open":  # its documents window is open: anyone may download them
            opened = client.get(f"/documents/{ids[0]}")
            assert opened.status_code == 200 and opened.mimetype == "application/pdf"
            assert opened.data.startswith(b"%PDF-") and item["reference"].encode() in opened.data


def test_the_demo_pdf_is_well_formed():
    """Each cross-reference entry points at its object, and the trailer at the table."""
    pdf = tender_document("Embassy in Hanoi: facade (repair)", "驻越南大使馆维修", "MFA-2027-OS-0001",
                          ("招标文件", "Tender documents"))
    assert pdf.startswith(b"%PDF-1.4") and pdf.endswith(b"%%EOF\n")
    xref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[xref:].startswith(b"xref\n")
    offsets = [int(line[:10]) for line in pdf[xref:].split(b"\n")[3:] if line.endswith(b" n ")]
    assert len(offsets) == 8
    assert all(pdf[offset:].startswith(b"%d 0 obj" % n) for n, offset in enumerate(offsets, start=1))
    assert b"\\(repair\\)" in pdf  # parentheses escaped in a literal string
    assert f"<{ord('驻'):04X}{ord('越'):04X}".encode() in pdf  # Chinese as UCS-2, big-endian


def test_users_create_and_token(make_app):
    app = make_app()
    runner = app.test_cli_runner()
    created = runner.invoke(args=["users", "create", "pm@example.org", "--role", "manager",
                                  "--password", "a long enough password"])
    assert created.exit_code == 0, created.output
    duplicate = runner.invoke(args=["users", "create", "PM@example.org", "--role", "approver",
                                    "--password", "a long enough password"])
    assert duplicate.exit_code != 0 and "already registered" in duplicate.output
    weak = runner.invoke(args=["users", "create", "x@example.org", "--role", "manager", "--password", "short"])
    assert weak.exit_code != 0 and "at least 10" in weak.output
    token = runner.invoke(args=["users", "token", "pm@example.org"]).output.strip()
    assert token.startswith("tb_")
    with app.app_context():
        assert user_for_token(token) == find_user("pm@example.org")
        assert user_for_token(token + "x") is None
    unknown = runner.invoke(args=["users", "token", "nobody@example.org"])
    assert unknown.exit_code != 0 and "no user" in unknown.output


def test_synthetic_tenders_for_benchmarks(make_app):
    app = make_app(CLOCK=system_now, SERVER_NAME=None, PUBLIC_URL=None)
    result = app.test_cli_runner().invoke(args=["demo", "--synthetic", "300"])
    assert result.exit_code == 0, result.output
    client = app.test_client()
    items = client.get("/api/v1/tenders?limit=5").get_json()["items"]
    assert len(items) == 5 and all(i["reference"].startswith("SYN-") for i in items)
    assert client.get(f"/tenders/{items[0]['reference']}").status_code == 200
