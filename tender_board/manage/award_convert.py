"""Between the second half's forms and its commands: rows become the lists the JSON API takes,
and a refusal naming `bids[2].price.currency` is shown beside that row's currency field."""

import re

from ..errors import DomainError, invalid
from ..i18n import locale
from .award_forms import score_field_name
from .convert import aware, show_error, texts

ROW_FIELD = re.compile(r"^(bids|committee|criteria|rejected)\[(\d+)\]\.?(.*)$")
SCORE_FIELD = re.compile(r"^scores\[(\d+)\]")
# A command's sub-field name → the row's form field.
ROW_NAMES = {"bidder.name": "name", "bidder.registration_number": "registration_number",
             "bidder.country": "country", "price": "price_amount", "price.amount": "price_amount",
             "price.currency": "price_currency", "security.amount": "security",
             "security.currency": "security", "name.zh": "name_zh", "name.en": "name_en", "name": "name"}
SECTIONS = ("bids", "committee", "criteria", "scores", "rejected", "candidates")


class Rows:
    """Which form row each item of a list came from (empty rows are skipped), and score cells."""

    def __init__(self):
        self.rows: dict[str, list[int]] = {}
        self.cells: list[str] = []

    def filled(self, form, name: str) -> list:
        entries = [(i, row.form) for i, row in enumerate(form[name]) if not row.form.is_empty()]
        self.rows[name] = [i for i, _ in entries]
        return [entry for _, entry in entries]


def place_error(form, error: DomainError, rows: Rows | None = None) -> None:
    """Beside the row field, the score cell, the list, or the field the refusal names."""
    name = error.field or ""
    target = _row_field(form, name, rows) or _score_cell(form, name, rows)
    if target is not None:
        target.errors = [*target.errors, error.text(locale())]
    elif name in SECTIONS and hasattr(form, "section_errors"):
        form.section_errors.setdefault(name, []).append(error.text(locale()))
    else:
        show_error(form, error)


def _row_field(form, name: str, rows: Rows | None):
    match = ROW_FIELD.match(name)
    if not match or rows is None or match[1] not in rows.rows:
        return None
    listed, index, sub = match[1], int(match[2]), match[3]
    if index >= len(rows.rows[listed]):
        return None
    row = form[listed][rows.rows[listed][index]].form
    sub = ROW_NAMES.get(sub, sub)
    return row[sub] if sub in row else row[next(iter(row._fields))]


def _score_cell(form, name: str, rows: Rows | None):
    match = SCORE_FIELD.match(name)
    if not match or rows is None or int(match[1]) >= len(rows.cells):
        return None
    return form[rows.cells[int(match[1])]]


# --- bids ----------------------------------------------------------------------------------------

def bids_data(form, tender, rows: Rows) -> list[dict]:
    return [_bid(row, tender) for row in rows.filled(form, "bids")]


def _bid(row, tender) -> dict:
    """The bid security is given in the estimated value's currency (the 2% rule compares them)."""
    received = aware(row.received_at.data, tender.timezone)
    return {"bidder": {"name": row.name.data, "registration_number": row.registration_number.data,
                       "country": row.country.data},
            "price": {"amount": row.price_amount.data, "currency": row.price_currency.data},
            "received_at": received.isoformat() if received else None,
            "security": ({"amount": row.security.data, "currency": tender.value_currency}
                         if (row.security.data or "").strip() else None),
            "status": row.status.data, "reason": row.reason.data}


def opening_data(form, tender, rows: Rows) -> dict:
    return {"kind": "opening", "body": texts(form, "body"), "bids": bids_data(form, tender, rows)}


def failure_data(form, tender, rows: Rows) -> dict:
    data = {"kind": "failure", "body": texts(form, "body"), "reason_code": form.reason_code.data,
            "reason": texts(form, "reason")}
    if form.reason_code.data == "fewer_bids":
        data["bids"] = bids_data(form, tender, rows)
    return data


def fill_currency(form, currency: str) -> None:
    for row in form.bids:
        if not row.form.price_currency.data:
            row.form.price_currency.data = currency


# --- evaluation ----------------------------------------------------------------------------------

def evaluation_data(form, bids, rows: Rows) -> dict:
    """The evaluation as the command takes it; score cells under an empty criterion are refused."""
    criteria = rows.filled(form, "criteria")
    positions = {row: position for position, row in enumerate(rows.rows["criteria"])}
    return {"method": form.method.data,
            "committee": [{"name": m.name.data, "expertise": m.expertise.data}
                          for m in rows.filled(form, "committee")],
            "criteria": [{"name": {"zh": c.name_zh.data, "en": c.name_en.data}, "weight": c.weight.data}
                         for c in criteria],
            "rejected": [{"bid": r.bid.data, "reason": r.reason.data} for r in rows.filled(form, "rejected")],
            "scores": _scores(form, bids, positions, rows),
            "report_document": int(form.report_document.data) if form.report_document.data else None}


def _scores(form, bids, positions: dict[int, int], rows: Rows) -> list[dict]:
    scores = []
    for bid in bids:
        for column in range(len(form.criteria)):
            name = score_field_name(bid.id, column)
            value = (form[name].data or "").strip()
            if not value:
                continue
            rows.cells.append(name)
            if column not in positions:
                raise invalid(f"scores[{len(scores)}]", "该列没有评分项，请先填写评分项或清空此分数。",
                              "This column has no criterion: name the criterion or clear the score.")
            scores.append({"bid": bid.registration_number, "criterion": positions[column], "value": value})
    return scores

