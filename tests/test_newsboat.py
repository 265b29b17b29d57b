"""A real feed reader: Debian's newsboat reads the live feeds, stores every item, and polls with 304s.

Skipped, with the reason, where /usr/bin/newsboat is not installed (`apt-get install newsboat`).
"""

import os
import shutil
import sqlite3
import subprocess

import pytest

from tender_board.extensions import db

from .clients import published_notices
from .live import serving

NEWSBOAT = shutil.which("newsboat") or "/usr/bin/newsboat"

pytestmark = pytest.mark.skipif(not os.access(NEWSBOAT, os.X_OK),
                                reason=f"{NEWSBOAT} is not installed (apt-get install newsboat)")


@pytest.fixture
def live_server(make_app):
    """The app on a free loopback port, on the test's own database; `answered` logs (path, status)."""
    app = make_app(SERVER_NAME=None)
    app.answered = []

    def logged(environ, start_response):
        def record(status, headers, exc_info=None):
            app.answered.append((environ["PATH_INFO"], int(status[:3])))
            return start_response(status, headers, exc_info)
        return app(environ, record)

    with serving(app, logged):
        yield app


def reload(folder, url: str) -> None:
    """One `newsboat -x reload` of one feed, with its own cache (newsboat keeps a guid once)."""
    folder.mkdir(exist_ok=True)
    (folder / "urls").write_text(url + "\n")
    (folder / "config").write_text("download-timeout 20\n")
    subprocess.run([NEWSBOAT, "-u", str(folder / "urls"), "-c", str(folder / "cache.db"),  # noqa: S603
                    "-C", str(folder / "config"), "-x", "reload"],
                   env={**os.environ, "HOME": str(folder), "XDG_CONFIG_HOME": str(folder),
                        "XDG_DATA_HOME": str(folder)},
                   check=True, timeout=120, capture_output=True)


def cached_items(folder) -> dict[str, set[str]]:
    """feed URL → guids of the items newsboat stored for it."""
    with sqlite3.connect(folder / "cache.db") as cache:
        rows = cache.execute("SELECT feedurl, guid FROM rss_item").fetchall()
    items: dict[str, set[str]] = {}
    for feed, guid in rows:
        items.setdefault(feed, set()).add(guid)
    return items


def test_newsboat_stores_every_item_and_then_polls_with_304s(live_server, app, make, clock, tmp_path):
    tenders = make.every_kind()
    db.session.commit()
    base = live_server.live_url
    awarded, amended = tenders["awarded"], tenders["amended"]

    def permalinks(*chosen, kind=None):
        return {f"{base}/tenders/{n.tender.reference}/notices/{n.number}"
                for n in published_notices(*chosen) if kind is None or n.kind.value == kind}

    expected = {
        f"{base}/feeds/notices.rss": permalinks(*tenders.values()),
        f"{base}/feeds/notices.atom?lang=en": permalinks(*tenders.values()),
        f"{base}/feeds/notices.rss?country=KE&lang=en": permalinks(amended),
        f"{base}/feeds/notices.atom?kind=result": permalinks(awarded, kind="result"),
        f"{base}/tenders/{awarded.reference}/feed.rss": permalinks(awarded),
        f"{base}/tenders/{awarded.reference}/feed.atom?lang=en": permalinks(awarded),
    }
    assert len(expected[f"{base}/feeds/notices.rss"]) == 11  # all eight kinds among them
    for i, (url, items) in enumerate(expected.items()):
        reload(tmp_path / str(i), url)
        assert cached_items(tmp_path / str(i)) == {url: items}
    assert [status for _, status in live_server.answered] == [200] * len(expected)

    # newsboat 2.21 keeps a feed's ETag and Last-Modified only once the feed is in its cache, that
    # is from the second download on: the third reload is the first that can ask conditionally.
    for _second_then_third in range(2):
        answered = len(live_server.answered)
        for i, (url, items) in enumerate(expected.items()):
            reload(tmp_path / str(i), url)
            assert cached_items(tmp_path / str(i)) == {url: items}
    assert [status for _, status in live_server.answered[answered:]] == [304] * len(expected)
