"""Both languages carry the same facts: on the demo board, every public page read in English
shows no Chinese except inside elements marked lang="zh" (names with no English form), and every
page read in Chinese shows no English words except inside lang="en" elements, references, codes,
numbers, units, addresses and a few acronyms every reader knows."""

import re
from html.parser import HTMLParser

import feedparser
import pytest

from tender_board.clock import system_now
from tender_board.extensions import db

from .clients import approve, bid_rows, latest_notice, signed_in

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
# Addresses, file names and e-mail addresses are not prose; neither is a token with a digit in it
# (MFA-2026-OS-0001, SHA-256, R018, 91110000100012345A, 2026-12-23T14:00).
# Nor are paths and time zones (Asia/Ho_Chi_Minh), field names (links.next, min_bids) or codes (cn-works).
NOT_PROSE = re.compile(r"https?://\S+|\S+@\S+|[\w.-]+\.(?:pdf|jsonl\.gz|json|csv|zip|xlsx|rss|atom|ics|opml)\b"
                       r"|\S*\d\S*|\S*/\S*|\w+(?:[._]\w+)+|[a-z]+(?:-[a-z]+)+")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
ACRONYMS = {"OCDS", "SHA", "RSS", "Atom", "API", "CSV", "JSON", "JSONL", "PDF", "XLSX", "DOCX", "PNG",
            "JPEG", "OPML", "ICS", "iCalendar", "URL", "HTTP", "HTTPS", "UTC", "ISO", "IANA", "C2SP",
            "RFC", "Ed25519", "Merkle", "XML", "ZIP", "MiB", "KiB", "KB", "MB", "GB", "ocid", "OCID",
            "CNY", "USD", "EUR", "NZD", "ETag", "XSL",
            "Python", "pip", "cryptography"}  # what the ledger's verifier needs, by the names one installs
# Machine text: commands, field names, signed notes.
CODE = {"code", "pre", "kbd", "samp"}
LANG_INHERITED = ("zh", "en")
USER_FACING_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder", "data-label")  # data-label: phone cards


class Visible(HTMLParser):
    """The text a reader sees (and the attributes read aloud), each piece with the language of
    the nearest element that declares one ("code" for machine text); scripts and styles left out."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.pieces: list[tuple[str, str]] = []
        self.hidden = 0

    def language(self) -> str:
        for _tag, lang in reversed(self.stack):
            if lang:
                return lang.split("-")[0].lower()
        return ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self.hidden += 1
        lang = attrs.get("lang") or ("code" if tag in CODE else None)
        if tag not in self.VOID:
            self.stack.append((tag, lang))
        own = lang.split("-")[0].lower() if lang else self.language()
        if tag == "meta" or self.hidden:
            return
        for name in USER_FACING_ATTRIBUTES:
            if attrs.get(name):
                self.pieces.append((own, attrs[name]))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.pieces.append((self.language(), data.strip()))


def foreign_text(html: str, reader: str) -> list[str]:
    """Every piece of text in the other language that no lang attribute marks."""
    parser = Visible()
    parser.feed(html)
    found = []
    for lang, piece in parser.pieces:
        if lang != reader:
            continue
        if reader == "en" and CJK.search(piece):
            found.append(piece)
        if reader == "zh":
            words = [w for w in WORD.findall(NOT_PROSE.sub(" ", piece)) if w not in ACRONYMS
                     and not (w.isupper() and len(w) <= 3)]  # ISO codes: CN, VN, USD
            if words:
                found.append(piece)
    return found


def public_pages(client) -> list[str]:
    """Every public page of the board: home, lists, searches, tenders, notices, feeds, open data."""
    pages = ["/", "/tenders", "/tenders?page=2", "/tenders?category=overseas&status=open",
             "/tenders?kind=amendment&sort=deadline", "/tenders?country=VN", "/tenders?status=awarded&value_min=1000000",
             "/feeds", "/ledger", "/oversight", "/oversight/indicators", "/downloads"]
    for item in client.get("/api/v1/tenders?limit=200").get_json()["items"]:
        pages.append(f"/tenders/{item['reference']}")
        for notice in client.get(f"/api/v1/tenders/{item['reference']}").get_json()["notices"]:
            pages.append(re.sub(r"^https?://[^/]+", "", notice["url"]))
    return pages


@pytest.fixture
def demo_client(make_app):
    app = make_app(CLOCK=system_now)  # with its public address, so the oversight flags are raised too
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    return app.test_client()


# A search shows the words searched for, in whatever language the reader typed them.
SEARCHES = {"en": ["/tenders?q=Embassy", "/tenders?q=roof"], "zh": ["/tenders?q=维修", "/tenders?q=大使馆"]}


def test_every_public_page_speaks_the_readers_language(demo_client):
    pages = public_pages(demo_client)
    assert len(pages) > 60  # 25 tenders, their notices, and the board's own pages
    problems: dict[tuple[str, str], str] = {}  # (language, text) → the first page showing it
    for reader in ("en", "zh"):
        for page in pages + SEARCHES[reader]:
            answer = demo_client.get(page + ("&" if "?" in page else "?") + f"lang={reader}")
            assert answer.status_code == 200, page
            for piece in foreign_text(answer.get_data(as_text=True), reader):
                problems.setdefault((reader, piece), page)
    assert not problems, "\n".join(f"{lang} {page}: {piece!r}" for (lang, piece), page in problems.items())


FEEDS = ("/feeds/notices.rss?limit=200", "/feeds/notices.atom?limit=200", "/oversight/flags.atom")


def test_every_feed_entry_speaks_the_feeds_language(demo_client):
    """A feed's language is in its address: every entry's title and summary in it (a feed reader
    shows no lang attributes in a title, so names there are in the feed's language too)."""
    problems = {}
    for reader in ("en", "zh"):
        for feed in FEEDS + ("/tenders/MFA-2026-OS-0007/feed.atom",):
            entries = feedparser.parse(demo_client.get(f"{feed}{'&' if '?' in feed else '?'}lang={reader}").data).entries
            assert entries, feed
            for entry in entries:
                shown = f'<html lang="{reader}"><h1>{entry.title}</h1><div>{entry.get("summary", "")}</div></html>'
                for piece in foreign_text(shown, reader):
                    problems.setdefault((reader, piece), feed)
    assert not problems, "\n".join(f"{lang} {feed}: {piece!r}" for (lang, piece), feed in problems.items())


@pytest.mark.parametrize(("html", "reader", "found"), [
    ('<p>Embassy <span lang="zh">华夏建设</span></p>', "en", []),
    ("<p>Embassy 华夏建设</p>", "en", ["Embassy 华夏建设"]),
    ('<p title="河内">Hanoi</p>', "en", ["河内"]),
    ("<script>var a = '中文';</script><p>Hanoi</p>", "en", []),
    ("<p>MFA-2026-OS-0001 · SHA-256 · CNY · 2,850,000 · OCDS</p>", "zh", []),
    ('<p>越南 · <span lang="en">Hanoi</span></p>', "zh", []),
    ("<p>越南 · Hanoi</p>", "zh", ["越南 · Hanoi"]),
    ('<html lang="zh-CN"><p>下载 https://x.example/a.pdf full.jsonl.gz</p></html>', "zh", []),
])
def test_the_check_sees_unmarked_text_in_the_other_language(html, reader, found):
    wrapped = html if html.startswith("<html") else f'<html lang="{reader}">{html}</html>'
    assert foreign_text(wrapped, reader) == found


def test_a_bidders_english_name_typed_in_the_opening_record_is_what_english_readers_see(app, make):
    tender = make.open_tender()
    make.after_deadline(tender)
    db.session.commit()
    rows = {**bid_rows(tender, 3), "bids-0-name_en": "Construction Company One Ltd.",
            "bids-2-status": "disqualified", "bids-2-reason": "投标保证金未到账"}
    client = signed_in(app, tender.manager)
    drafted = client.post(f"/manage/tenders/{tender.reference}/notices/new/opening", data=rows)
    assert drafted.status_code == 302, drafted.get_data(as_text=True)
    notice = latest_notice()
    assert client.post(f"/manage/notices/{notice.id}/submit").status_code == 302
    approve(app, make, notice.id)
    public = app.test_client()
    english = public.get(f"/tenders/{tender.reference}?lang=en").get_data(as_text=True)
    chinese = public.get(f"/tenders/{tender.reference}?lang=zh").get_data(as_text=True)
    assert "Construction Company One Ltd." in english and "建设公司1" not in english
    assert "建设公司1" in chinese and "Construction Company One Ltd." not in chinese
    # No English name: the Chinese one, marked as Chinese; a reason given in Chinese only, too.
    assert '<span lang="zh">建设公司2</span>' in english
    assert '<span lang="zh">投标保证金未到账</span>' in english
    assert foreign_text(english, "en") == []
