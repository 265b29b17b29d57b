"""The flags raised, stored: a tender's own indicators are recomputed when one of its notices is
published, the board's outliers by `flask oversight refresh`. Only raised flags are rows. Beside
them, the facts the dashboard counts of each published tender and their sums per cell
(oversight.tender_facts), kept at publication and rebuilt by `flask oversight rebuild`."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..columns import MONEY, UTCDateTime
from ..extensions import db


class OversightFlag(db.Model):
    __tablename__ = "oversight_flags"
    __table_args__ = (UniqueConstraint("tender_id", "code", name="uq_oversight_flags_tender_code"),
                      # `flag=`: the tenders of one indicator, read from the index alone
                      Index("ix_oversight_flags_code_tender", "code", "tender_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: a board indicator's note that it could not judge (too few tenders), in `explanation`.
    tender_id: Mapped[int | None] = mapped_column(ForeignKey("tenders.id"), index=True)
    code: Mapped[str] = mapped_column(String(10), index=True)
    explanation: Mapped[dict] = mapped_column(JSON)  # {"zh": ..., "en": ...}, with the numbers
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # first raised (the feed's date)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    tender = relationship("Tender")


class OversightFact(db.Model):
    """What the dashboard counts of one published real tender (监督统计), kept current when its
    notices are published and rebuilt in bulk by `flask oversight rebuild`. The flags raised for
    it are its child rows in oversight_flags. Never a sandbox or unpublished tender."""

    __tablename__ = "oversight_facts"

    tender_id: Mapped[int] = mapped_column(ForeignKey("tenders.id"), primary_key=True, autoincrement=False)
    year: Mapped[int]  # of the announcement, in Beijing time
    category: Mapped[str] = mapped_column(String(10))
    country: Mapped[str] = mapped_column(String(2))
    entity_zh: Mapped[str | None] = mapped_column(String(300))  # the procuring entity's names
    entity_en: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))
    bids: Mapped[int | None]  # None: no bids published yet
    valid_bids: Mapped[int | None]
    single_bid: Mapped[bool] = mapped_column(default=False)
    days_to_result: Mapped[float | None] = mapped_column(index=True)  # from the bid deadline to the result notice
    days_to_contract: Mapped[float | None]  # from the bid deadline to the contract notice
    value_awarded: Mapped[Decimal | None] = mapped_column(MONEY)
    value_estimated: Mapped[Decimal] = mapped_column(MONEY)


class OversightCell(db.Model):
    """The facts summed per (year, category, country, procuring entity): what the dashboard reads,
    so that it costs the same at 100 tenders as at 100,000. Each publication moves its tender's
    counts from its old cell to its new one (publications queue on the ledger's lock, so two never
    race on a cell); `flask oversight rebuild` sums them again from the facts."""

    __tablename__ = "oversight_cells"
    __table_args__ = (UniqueConstraint("year", "category", "country", "entity_zh", "entity_en",
                                       name="uq_oversight_cells_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    category: Mapped[str] = mapped_column(String(10))
    country: Mapped[str] = mapped_column(String(2))
    entity_zh: Mapped[str] = mapped_column(String(300))  # "" when the entity has no name in that language
    entity_en: Mapped[str] = mapped_column(String(300))
    tenders: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    cancelled: Mapped[int] = mapped_column(default=0)
    with_bids: Mapped[int] = mapped_column(default=0)
    single_bid: Mapped[int] = mapped_column(default=0)
    bids: Mapped[int] = mapped_column(default=0)
