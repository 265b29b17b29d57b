"""Copies of a prototype's rows (复制样板): new ids, its times moved by whole days, its names
swapped, everything else exactly as the real commands wrote it."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import JSON, Table, select

from ..extensions import db

# Parents first. Each table's rows belong to the prototype's tenders through `key`.
TABLES = [("tenders", "id"), ("notices", "tender_id"), ("tender_events", "tender_id"),
          ("bids", "tender_id"), ("evaluations", "tender_id"), ("criteria", "evaluation_id"),
          ("committee_members", "evaluation_id"), ("scores", "evaluation_id"),
          ("bid_rejections", "evaluation_id"), ("objections", "tender_id")]
NAMES = {name for name, _key in TABLES}
ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d(?=T|$)")


@dataclass
class Family:
    """A prototype's tenders (one, or a failed one and its re-tender) and every row under them."""

    rows: dict[str, list[dict]]
    tables: dict[str, Table]
    swappable: re.Pattern | None = None
    keep_open: datetime | None = None  # an open tender's deadline: copies stay before it
    last: datetime = field(default=datetime.min)  # its latest publication

    @classmethod
    def read(cls, tender_ids: list[int]) -> "Family":
        tables = {name: db.metadata.tables[name] for name in NAMES}
        rows: dict[str, list[dict]] = {}
        ids = {"tenders": tender_ids}
        for name, key in TABLES:
            table = tables[name]
            parent = "evaluations" if key == "evaluation_id" else "tenders"
            found = db.session.execute(select(table).where(table.c[key].in_(ids.get(parent, [])))
                                       .order_by(table.c.id)).mappings().all()
            rows[name] = [dict(row) for row in found]
            ids[name] = [row["id"] for row in rows[name]]
        family = cls(rows, tables)
        family.last = max(n["published_at"] for n in rows["notices"] if n["published_at"])
        return family

    def swap_pattern(self, names: list[str]) -> None:
        """The strings a copy replaces wherever they occur (longest first)."""
        wanted = sorted({n for n in names if n}, key=len, reverse=True)
        self.swappable = re.compile("|".join(map(re.escape, wanted)))


class Copier:
    """Allocates ids table by table and writes copies of families with them."""

    def __init__(self, first_ids: dict[str, int]):
        self.next_id = dict(first_ids)

    def copy(self, family: Family, days: int, swap: dict[str, str]) -> dict[str, list[dict]]:
        delta = timedelta(days=days)
        ids: dict[str, dict[int, int]] = {name: {} for name in NAMES}
        for name, rows in family.rows.items():
            for row in rows:
                ids[name][row["id"]] = self.next_id[name]
                self.next_id[name] += 1
        moved = Move(delta, family.swappable, swap, ids)
        return {name: [moved.row(family.tables[name], name, row) for row in rows]
                for name, rows in family.rows.items()}


class Move:
    def __init__(self, delta: timedelta, pattern: re.Pattern | None, swap: dict[str, str], ids: dict):
        self.delta, self.pattern, self.swap, self.ids = delta, pattern, swap, ids

    def row(self, table: Table, name: str, row: dict) -> dict:
        out = {}
        for column in table.columns:
            value = row[column.name]
            if value is None:
                out[column.name] = None
            elif column.primary_key and column.name == "id":
                out["id"] = self.ids[name][value]
            elif column.foreign_keys:
                target = next(iter(column.foreign_keys)).column.table.name
                out[column.name] = self.ids[target][value] if target in NAMES else value
            elif isinstance(column.type, JSON):
                out[column.name] = self.json(value)
            else:
                out[column.name] = self.value(value)
        if name == "notices":
            out["sequence"] = None  # numbered afterwards, in publication order
        return out

    def value(self, value):
        if isinstance(value, datetime):
            return value + self.delta
        if isinstance(value, str):
            return self.text(value)
        return value

    def text(self, value: str) -> str:
        if ISO_DATE.match(value):
            moved = date.fromisoformat(value[:10]) + self.delta
            value = moved.isoformat() + value[10:]
        if self.pattern is not None:
            value = self.pattern.sub(lambda m: self.swap[m.group(0)], value)
        return value

    def json(self, value, key: str | None = None):
        if isinstance(value, dict):
            return {k: self.json(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.json(v) for v in value]
        if key == "evaluation_id" and isinstance(value, int):
            return self.ids["evaluations"][value]
        if isinstance(value, str):
            return self.text(value)
        return value
