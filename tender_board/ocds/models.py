"""What the ocds package keeps in the database, which app servers share: the bulk files of compiled
releases (a file built by one is downloaded from any of them), and each release as JSON text."""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, LargeBinary, String
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


class StoredRelease(db.Model):
    """One public notice's release as JSON (ocds.stored): written when the notice is
    published, read by the release pages as it is."""

    __tablename__ = "ocds_releases"

    # The notice's place in the ledger: a page of releases is one range of this key.
    sequence: Mapped[int] = mapped_column(ForeignKey("notices.sequence"), primary_key=True, autoincrement=False)
    format: Mapped[str] = mapped_column(String(10))  # the FORMAT_VERSION it was written in
    # packages.dumps(release) in UTF-8, its links on stored.LINKS_BASE: bytes, as a page sends
    # them (a text column costs a decoding and an encoding of every release on every page).
    body: Mapped[bytes] = mapped_column(LargeBinary)
