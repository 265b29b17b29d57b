"""The search text of each tender, maintained by database triggers, never written by the app.

The FTS5 table (SQLite) and the trigram index (PostgreSQL) over it are created by hand in their
migration; `migrations/env.py` leaves names starting with `tender_search_` out of autogenerate.
"""

from sqlalchemy import Column, ForeignKey, Integer, Table, Text

from ..extensions import db

tender_search = Table(
    "tender_search", db.metadata,
    Column("tender_id", Integer, ForeignKey("tenders.id", ondelete="CASCADE"), primary_key=True),
    # Titles, descriptions and published notice prose, ASCII letters folded to lower case.
    Column("text", Text, nullable=False),
)
