"""Named counters for references and sequence numbers, safe under concurrent writers; and the
public version, the counter that moves whenever something the public reads changes."""

from sqlalchemy import String, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db
from .rendered import forget

PUBLIC_VERSION = "public-version"


class Counter(db.Model):
    __tablename__ = "counters"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


def next_value(key: str) -> int:
    """Increment and return; the UPDATE row lock serialises concurrent callers."""
    session = db.session
    upsert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(upsert(Counter).values(key=key, value=0).on_conflict_do_nothing())
    return session.execute(
        update(Counter).where(Counter.key == key).values(value=Counter.value + 1)
        .returning(Counter.value)
    ).scalar_one()


def public_changed(tender_id: int | None = None) -> None:
    """Say that something the public reads has changed: a notice published, an objection or its
    answer recorded, for `tender_id` (None: anything may have changed). Every server's cached
    public pages are out of date from this transaction's commit on (public.page_cache reads the
    counter on every request), and the shared store of rendered pages loses that tender's pages
    and the lists in the same transaction (rendered.forget)."""
    next_value(PUBLIC_VERSION)
    forget(tender_id)
