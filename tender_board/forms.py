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
from .transaction import transaction

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


# --- saving a form: every error at once ----------------------------------------------------------

class Saved:
    """What became of a posted form: `stored` (then `result` is the command's), or not, with the
    page's status (the refusal's when the form's own checks passed, else 422)."""

    def __init__(self, stored: bool = False, result=None, refusal: DomainError | None = None):
        self.stored, self.result = stored, result
        self.status = refusal.status if refusal else 422


def save(form, command, rows: Rows | None = None, names: dict[str, str] | None = None) -> Saved:
    """A posted staff form: its own checks, then the command, run even when the checks failed so
    that the command's refusal shows together with the form's errors (each beside its field);
    stored only when there was no error at all. A refused CSRF token runs nothing. Input the form
    could not even read is the form's own error, so it does not reach the command as a crash."""
    valid = form.validate()
    if "csrf_token" in form.errors:
        return Saved()
    result = None
    with transaction(catch=True, keep=valid) as attempt:
        try:
            result = command()
        except (ValueError, LookupError, TypeError):
            if valid:
                raise
    if attempt.refusal:
        place_error(form, attempt.refusal, rows, names)
    return Saved(attempt.done, result, attempt.refusal if valid else None)


# --- a refusal beside its field ----------------------------------------------------------------

ROW_FIELD = re.compile(r"^(\w+)\[(\d+)\]\.?(.*)$")  # bids[2].price.currency, scores[4]


def place_error(form, error: DomainError, rows: Rows | None = None, names: dict[str, str] | None = None) -> None:
    """Put the refusal beside the row field, score cell, list or field it names, else above the
    form. `names` maps the command's names to the form's: a row's sub-field (`bidder.name` →
    `name`), or a prefix when the key ends in "." (`changes.` → ``)."""
    for other in error.also:
        place_error(form, other, rows, names)
    message, names = error.text(locale()), names or {}
    target = _row_field(form, error.field or "", rows, names)
    if target is not None:
        if not target.errors:  # a field the form already found wrong keeps the form's words
            target.errors = [*target.errors, message]
    elif error.field in getattr(form, "sections", ()):
        form.section_errors.setdefault(error.field, []).append(message)
    else:
        errors = _field(form, _renamed(error.field or "", names))
        if not errors or errors is form.form_errors:
            errors.append(message)


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


# --- every error at once, at the top ------------------------------------------------------------

def error_list(form) -> list[tuple[str | None, str, str]]:
    """(anchor, label, message) for every error the form shows, in the page's order: the form's
    own errors (no anchor), each field's and each row field's, and a list's errors at its
    fieldset. The error summary at the top of a staff form links each one to its field."""
    found: list[tuple[str | None, str, str]] = [(None, "", message) for message in form.form_errors]
    sections = getattr(form, "section_errors", {})
    for item in page_order(form):
        if isinstance(item, str):  # a list without a field of its own (the score grid): its fieldset
            found.extend((item, "", message) for message in sections.get(item, ()))
            continue
        found.extend((item.name, str(item.label.text), message) for message in sections.get(item.name, ()))
        found.extend(_field_errors(item))
    return found


def page_order(form) -> list:
    """The form's fields, and the names of its lists that have no field of their own, in the order
    its page shows them: the form's own `page_order()` where declaring them in that order cannot
    (fields it inherits, fields added per tender), else as declared, such lists last."""
    if hasattr(form, "page_order"):
        return form.page_order()
    return [*form, *(name for name in getattr(form, "sections", ()) if name not in form)]


def _field_errors(field, row: int | None = None) -> list[tuple[str, str, str]]:
    if field.type == "FieldList":
        return [error for number, entry in enumerate(field.entries, 1) for error in _field_errors(entry, number)]
    if field.type == "FormField":
        return [error for sub in field.form for error in _field_errors(sub, row)]
    if field.type == "CSRFTokenField":
        return [(None, "", message) for message in field.errors]
    label = str(field.label.text) if row is None else f"{field.label.text} ({row})"
    return [(field.id, label, message) for message in field.errors if isinstance(message, str)]


# --- a saved draft back into its form ------------------------------------------------------------

def fill_from_notice(form, notice, tender) -> None:
    """A saved draft's body, payload (an amendment's changes included), rows and documents back
    into its kind's form, by the fields' names: a text's `name_zh`/`name_en`, an amount's
    `name_amount`/`name_currency`, a time in the form's zone, a row's fields from its item."""
    zone = notice.payload.get("zone") or (form["zone"].data if "zone" in form and form["zone"].data else
                                          tender.timezone)  # the zone its times were typed in
    values = {"body": notice.body, **notice.payload, **(notice.payload.get("changes") or {})}
    for name, value in values.items():
        _fill(form, name, value, zone)
    for field, number in zip(PLACES, values.get("candidates") or (), strict=False):
        if field in form:
            form[field].data = number
    if "documents" in form:
        form["documents"].data = [d.id for d in notice.documents]


PLACES = ("first", "second", "third")  # the candidates' places, in order


def _fill(form, name: str, value, zone: str) -> None:
    if isinstance(value, dict) and f"{name}_zh" in form:
        fill_texts(form, name, value)
    elif isinstance(value, dict) and f"{name}_amount" in form:
        form[f"{name}_amount"].data, form[f"{name}_currency"].data = value.get("amount"), value.get("currency")
    elif isinstance(value, list) and name in form and form[name].type == "FieldList":
        rows = form[name]
        while len(rows) < len(value):
            rows.append_entry()
        for row, item in zip(rows, value, strict=False):
            for key, data in _flat(item).items():
                if key in row.form:
                    _set(row.form[key], data, zone)
    elif name in form and not isinstance(value, list | dict):
        _set(form[name], value, zone)


def _flat(item: dict) -> dict:
    """{"bidder": {"name": …}, "price": {"amount": …}} → {"name": …, "price_amount": …, "price": …}."""
    flat = {}
    for key, value in (item if isinstance(item, dict) else {}).items():
        if isinstance(value, dict):
            flat.update({**value, **{f"{key}_{sub}": data for sub, data in value.items()}})
            flat[key] = value.get("amount")
        else:
            flat[key] = value
    return flat


def _set(field, value, zone: str) -> None:
    if field.type == "DateTimeLocalField":
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value) if value else None
        field.data = local(moment, zone)
    elif value is not None:
        field.data = value if field.type in ("SelectField", "BooleanField") else str(value)
