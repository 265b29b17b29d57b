"""Named counters for references and sequence numbers, safe under concurrent writers."""

from sqlalchemy import String, update
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db


class Counter(db.Model):
    __tablename__ = "counters"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


def next_value(key: str) -> int:
    """Increment and return; the UPDATE row lock serialises concurrent callers."""
    session = db.session
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    session.execute(upsert(Counter).values(key=key, value=0).on_conflict_do_nothing())
    return session.execute(
        update(Counter).where(Counter.key == key).values(value=Counter.value + 1)
        .returning(Counter.value)
    ).scalar_one()

