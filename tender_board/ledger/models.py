"""The public ledger's tables: its entries, the perfect-subtree hashes of its Merkle tree, and
every checkpoint it ever signed. Rows are only ever inserted.

- `ledger_entries`: entry i is the exact text that was hashed (its leaf hash beside it, level 0
  of the tree) and the notice it publishes; indexes run from 0 without a gap.
- `ledger_nodes`: the hash of every complete perfect subtree above the leaves (level ≥ 1), stored
  once when its last leaf arrives (tender_board_verify.merkle explains the layout), so that a
  root or a proof is a few primary-key look-ups at any size.
- `ledger_checkpoints`: the signed notes issued, so that none is ever inconsistent with an earlier one.
"""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, LargeBinary, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..columns import UTCDateTime
from ..extensions import db


class LedgerEntry(db.Model):
    __tablename__ = "ledger_entries"

    index: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id"), unique=True)
    data: Mapped[str] = mapped_column(Text)  # canonical JSON; its UTF-8 bytes are what was hashed
    leaf_hash: Mapped[bytes] = mapped_column(LargeBinary(32))  # SHA-256(0x00 ‖ data)


class LedgerNode(db.Model):
    __tablename__ = "ledger_nodes"

    level: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    position: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))


class LedgerCheckpoint(db.Model):
    __tablename__ = "ledger_checkpoints"
    __table_args__ = (UniqueConstraint("origin", "size", "key", name="uq_ledger_checkpoints_origin_size_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    origin: Mapped[str] = mapped_column(String(300))  # the log's name, its first line
    size: Mapped[int] = mapped_column(BigInteger, index=True)
    root: Mapped[bytes] = mapped_column(LargeBinary(32))
    key: Mapped[str] = mapped_column(String(300))  # the verifier key that signed it
    note: Mapped[str] = mapped_column(Text)  # the signed note, exactly as served
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
