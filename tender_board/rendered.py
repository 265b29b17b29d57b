"""The rendered-page store (已渲染页面): public pages kept in the database, shared by every app server.

A public page is rendered once per change of what it shows, not once per request: the first
anonymous reader's request renders it, `public.rendered_store` keeps the bytes here (gzip), and
every server answers the same address from this row until it is removed or its `valid_until`
passes. What a page shows decides what removes it (`forget`): a tender's own pages (its page,
its notices, its API items) go when something public about that tender changes; the pages that
list many tenders (home, lists, searches, the API lists) go with any publication.

Times are whole seconds since the epoch: the store's hit path compares them on a bare driver
cursor, with no type conversion.
"""

from sqlalchemy import BigInteger, Integer, LargeBinary, String, Text, delete, or_
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db

KEY_LENGTH = 600  # path, known query arguments and language; longer addresses are never stored


class RenderedPage(db.Model):
    __tablename__ = "rendered_pages"

    key: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True)
    # The tender whose pages these are; None: a page listing tenders (the "list" scope).
    tender_id: Mapped[int | None] = mapped_column(Integer, index=True)
    body: Mapped[bytes] = mapped_column(LargeBinary)  # gzip-compressed
    headers: Mapped[str] = mapped_column(Text)  # JSON list of [name, value], as the app answered
    etag: Mapped[str] = mapped_column(String(64))
    rendered_at: Mapped[int] = mapped_column(BigInteger)
    valid_until: Mapped[int] = mapped_column(BigInteger)  # the next deadline, or when "time left" turns


def forget(tender_id: int | None = None) -> None:
    """Remove the stored pages that may show something changed in this transaction: that tender's
    own pages and every list; with no tender, every page. Other tenders' pages stay."""
    statement = delete(RenderedPage)
    if tender_id is not None:
        statement = statement.where(or_(RenderedPage.tender_id == tender_id, RenderedPage.tender_id.is_(None)))
    db.session.execute(statement)
