"""Copies of a prototype's rows (复制样板): new ids, its times moved by whole days, its names
swapped, everything else exactly as the real commands wrote it."""

import json
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
JSON_DATE = re.compile(r'(?<=")\d{4}-\d\d-\d\d(?=[T"])')  # a JSON string that starts with a date
EVALUATION_ID = re.compile(r'"evaluation_id": (\d+)')


def plan(table: Table, name: str) -> list[tuple[str, str, str | None]]:
    """How each column of a copied row is made: (column, how, the table its ids point to)."""
    steps = []
    for column in table.columns:
        if column.primary_key and column.name == "id":
            steps.append((column.name, "id", name))
        elif column.foreign_keys:
            target = next(iter(column.foreign_keys)).column.table.name
            steps.append((column.name, "id" if target in NAMES else "same", target))
        elif isinstance(column.type, JSON):
            steps.append((column.name, "json", None))
        else:
            steps.append((column.name, "value", None))
    return steps


@dataclass
class Family:
    """A prototype's tenders (one, or a failed one and its re-tender) and every row under them."""

    rows: dict[str, list[dict]]
    plans: dict[str, list] = field(default_factory=dict)  # clone.plan, table by table
    swappable: re.Pattern | None = None
    keep_open: datetime | None = None  # an open tender's deadline: copies stay before it

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
        family = cls(rows, {name: plan(tables[name], name) for name in NAMES})
        for name, steps in family.plans.items():  # JSON as text once: copies edit the text
            for row in rows[name]:
                for column, how, _target in steps:
                    if how == "json" and row[column] is not None:
                        row[column] = json.dumps(row[column], ensure_ascii=False)
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
        return {name: [moved.row(family.plans[name], name, row) for row in rows]
                for name, rows in family.rows.items()}


class Move:
    """One copy's changes: times moved by `delta`, the prototype's names swapped, ids mapped."""

    def __init__(self, delta: timedelta, pattern: re.Pattern | None, swap: dict[str, str], ids: dict):
        self.delta, self.pattern, self.swap, self.ids = delta, pattern, swap, ids

    def row(self, steps: list, name: str, row: dict) -> dict:
        out = {}
        for column, how, target in steps:
            value = row[column]
            if value is None or how == "same":
                out[column] = value
            elif how == "id":
                out[column] = self.ids[target][value]
            elif how == "json":
                out[column] = json.loads(self.json_text(value))
            else:
                out[column] = self.value(value)
        if name == "notices":
            out["sequence"] = None  # numbered afterwards, in publication order
        return out

    def json_text(self, value: str) -> str:
        value = JSON_DATE.sub(lambda m: (date.fromisoformat(m.group(0)) + self.delta).isoformat(), value)
        if self.pattern is not None:
            value = self.pattern.sub(lambda m: self.swap[m.group(0)], value)
        if '"evaluation_id"' in value:
            value = EVALUATION_ID.sub(lambda m: f'"evaluation_id": {self.ids["evaluations"][int(m.group(1))]}', value)
        return value

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
