"""What every staff form shares: a text in two languages as two fields, times read in a zone,
repeated rows that work without JavaScript, and a command's refusal shown beside the field it
names. Each form itself lives with its feature (a notice kind's with its kind)."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import request
from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from .errors import DomainError
from .i18n import locale, pair
from .times import BEIJING_ZONE

MINUTES = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]  # what <input type="datetime-local"> sends
MAX_ROWS = 60  # rows a form accepts: more bids or members than this is not a real tender


def bilingual(label, description, area: bool = False, max_length: int = 20000):
    """Two fields for one text: Chinese and English. The command checks that one is given."""
    kind = TextAreaField if area else StringField
    return (kind(_l("%(field)s (Chinese)", field=label), [Optional(), Length(max=max_length)],
                 description=description),
            kind(_l("%(field)s (English)", field=label), [Optional(), Length(max=max_length)],
                 description=_l("Give it in Chinese, in English, or in both.")))


def moment_field(label, description):
    return DateTimeLocalField(label, [InputRequired()], format=MINUTES, description=description)


def row_time(label, description):
    return DateTimeLocalField(label, [Optional()], format=MINUTES, description=description)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SectionErrors:
    """A form with lists (the bids, the committee): a refusal about a whole list is shown at the
    top of its fieldset. `sections` names the lists."""

    sections: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.section_errors: dict[str, list[str]] = {}


def zone_choices(tender) -> list[SelectChoice]:
    zones = dict.fromkeys([tender.timezone, BEIJING_ZONE, "UTC"])
    return [SelectChoice(zone, zone if zone != BEIJING_ZONE else f"{zone} ({pair(('北京时间', 'Beijing time'))})")
            for zone in zones]


def document_choices(tender) -> list[SelectChoice]:
    return [SelectChoice(d.id, f"{d.filename} · SHA-256 {d.sha256[:12]}…") for d in tender.documents]


# --- form fields → the commands' input ---------------------------------------------------------

def texts(form, name: str) -> dict:
    return {lang: form[f"{name}_{lang}"].data or "" for lang in ("zh", "en")}


def fill_texts(form, name: str, value: dict | None) -> None:
    for lang in ("zh", "en"):
        form[f"{name}_{lang}"].data = (value or {}).get(lang, "")


def aware(value: datetime | None, zone: str) -> datetime | None:
    """A datetime-local value read in `zone`."""
    return value.replace(tzinfo=ZoneInfo(zone)) if value else None


def aware_text(value: datetime | None, zone: str) -> str | None:
    """The same, as the ISO 8601 text the commands take."""
    moment = aware(value, zone)
    return moment.isoformat() if moment else None


def local(value: datetime | None, zone: str) -> datetime | None:
    """For a datetime-local input: the moment in `zone`, without its offset."""
    return value.astimezone(ZoneInfo(zone)).replace(tzinfo=None, second=0, microsecond=0) if value else None


def more_rows_asked() -> bool:
    """The "more rows" button of a form with rows: the form comes back longer, nothing is stored."""
    return "more_rows" in request.form


class Rows:
    """Which form row each item of a list came from (empty rows are skipped), and the score cells:
    a refusal naming `bids[2]` is about the third *filled* row."""

    def __init__(self):
        self.rows: dict[str, list[int]] = {}
        self.cells: list[str] = []

    def filled(self, form, name: str) -> list:
        entries = [(i, row.form) for i, row in enumerate(form[name]) if not row.form.is_empty()]
        self.rows[name] = [i for i, _ in entries]
        return [entry for _, entry in entries]


# --- a refusal beside its field ----------------------------------------------------------------

ROW_FIELD = re.compile(r"^(\w+)\[(\d+)\]\.?(.*)$")  # bids[2].price.currency, scores[4]


def place_error(form, error: DomainError, rows: Rows | None = None, names: dict[str, str] | None = None) -> None:
    """Put the refusal beside the row field, score cell, list or field it names, else above the
    form. `names` maps the command's names to the form's: a row's sub-field (`bidder.name` →
    `name`), or a prefix when the key ends in "." (`changes.` → ``)."""
    message, names = error.text(locale()), names or {}
    target = _row_field(form, error.field or "", rows, names)
    if target is not None:
        target.errors = [*target.errors, message]
    elif error.field in getattr(form, "sections", ()):
        form.section_errors.setdefault(error.field, []).append(message)
    else:
        _field(form, _renamed(error.field or "", names)).append(message)


def _renamed(name: str, names: dict[str, str]) -> str:
    for old, new in names.items():
        if old.endswith(".") and name.startswith(old):
            return new + name[len(old):]
    return names.get(name, name)


def _row_field(form, name: str, rows: Rows | None, names: dict[str, str]):
    match = ROW_FIELD.match(name)
    if not match or rows is None:
        return None
    listed, index, sub = match[1], int(match[2]), match[3]
    if listed == "scores":
        return form[rows.cells[index]] if index < len(rows.cells) else None
    if listed not in rows.rows or index >= len(rows.rows[listed]):
        return None
    row = form[listed][rows.rows[listed][index]].form
    sub = names.get(sub, sub)
    return row[sub] if sub in row else row[next(iter(row._fields))]


def _field(form, name: str) -> list:
    """The errors of the field a dotted name points at (`value.amount` → `value_amount`, a text's
    Chinese field), else the form's own errors."""
    name = name.replace(".", "_")
    for candidate in (name, f"{name}_zh", f"{name}_amount"):
        if candidate and candidate in form:
            field = form[candidate]
            field.errors = list(field.errors)
            return field.errors
    return form.form_errors
