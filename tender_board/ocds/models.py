"""The bulk files of compiled releases, kept in the database: app servers share nothing else, so a
file built by one is downloaded from any of them."""

from datetime import datetime

from sqlalchemy import BigInteger, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..columns import UTCDateTime
from ..extensions import db


class BulkFile(db.Model):
    __tablename__ = "bulk_files"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)  # full.jsonl.gz, 2027.jsonl.gz, ...
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    records: Mapped[int] = mapped_column()  # compiled releases in it
    ledger_size: Mapped[int] = mapped_column()  # the public notices it covers: all up to this many
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # read only for a download
