"""The rendered-page store (已渲染页面): public pages kept in the database, shared by every app server.

A public page is rendered once per change of what it shows, not once per request: the first
anonymous reader's request renders it, `public.rendered_store` keeps the bytes here (gzip), and
every server answers the same address from this row until it is removed or its `valid_until`
passes. What a page shows decides what removes it (`forget`): a tender's own pages (its page,
its notices, its API items) go when something public about that tender changes; the pages that
list many tenders (home, lists, searches, the API lists, search feeds) are kept through a
publication for at most `PUBLIC_MAX_AGE` seconds: the promise their
`Cache-Control` already makes to every proxy, which is what lets a busy board keep its lists
(with one publication a second, dropping them all would render every list afresh each second).

Times are whole seconds since the epoch: the store's hit path compares them on a bare driver
cursor, with no type conversion.
"""

import zlib

from flask import current_app
from sqlalchemy import BigInteger, Integer, LargeBinary, String, Text, delete, or_, update
from sqlalchemy.orm import Mapped, mapped_column

from .clock import now
from .extensions import db

PUBLIC_MAX_AGE = 60  # seconds a proxy, a browser or this store may keep a list without asking
PERMANENT = 0  # the tender_id of pages no publication changes (ledger entries and proofs of a fixed size)
KEY_LENGTH = 600  # path, known query arguments and language; longer addresses are never stored


class RenderedPage(db.Model):
    __tablename__ = "rendered_pages"

    key: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True)
    # The tender whose pages these are; None: a page listing tenders (the "list" scope); PERMANENT.
    tender_id: Mapped[int | None] = mapped_column(Integer, index=True)
    body: Mapped[bytes] = mapped_column(LargeBinary)  # gzip-compressed
    headers: Mapped[str] = mapped_column(Text)  # JSON list of [name, value], as the app answered
    etag: Mapped[str] = mapped_column(String(64))
    rendered_at: Mapped[int] = mapped_column(BigInteger)
    valid_until: Mapped[int] = mapped_column(BigInteger)  # the next deadline, or when "time left" turns
    # Seconds (0 to PUBLIC_MAX_AGE / 2, from the key) a publication takes off a list's minute: the
    # lists it outdates expire over half a minute, not all in one second of re-rendering.
    spread: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


def forget(tender_id: int | None = None) -> None:
    """Remove the stored pages that may show something changed in this transaction: that tender's
    own pages at once, and every list within `PUBLIC_MAX_AGE` seconds from now (less its spread);
    with no tender, every page
    but the permanent ones.
    Other tenders' pages stay."""
    if tender_id is None:
        db.session.execute(delete(RenderedPage).where(or_(RenderedPage.tender_id.is_(None),
                                                          RenderedPage.tender_id != PERMANENT)))
        return
    db.session.execute(delete(RenderedPage).where(RenderedPage.tender_id == tender_id))
    latest = int(now().timestamp()) + current_app.config.get("PUBLIC_MAX_AGE", PUBLIC_MAX_AGE) - RenderedPage.spread
    db.session.execute(update(RenderedPage).where(RenderedPage.tender_id.is_(None), RenderedPage.valid_until > latest)
                       .values(valid_until=latest))


def spread(key: str, max_age: int = PUBLIC_MAX_AGE) -> int:
    """The key's spread: the same on every server."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % (max_age // 2 + 1)


def forget_all() -> int:
    """Remove every stored page (`flask pages clear`): how many there were."""
    return db.session.execute(delete(RenderedPage)).rowcount
