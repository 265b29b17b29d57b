"""Between forms and the commands: form fields become the same dicts the JSON API takes, and a
command's refusal is shown beside the field it names."""

from datetime import datetime
from zoneinfo import ZoneInfo

from ..errors import DomainError
from ..i18n import locale
from ..notices.kinds import AMENDABLE, current_value

TENDER_TEXTS = ("title", "description", "mission", "procuring_entity", "agency", "qualification")
TENDER_PLAIN = ("category", "country", "city", "timezone", "procurement_method", "rule_profile")
AMENDABLE_TEXTS = ("opening_place", "contact", "description", "qualification")
AMENDABLE_TIMES = ("bid_deadline", "documents_until")


def texts(form, name: str) -> dict:
    return {lang: form[f"{name}_{lang}"].data or "" for lang in ("zh", "en")}


def fill_texts(form, name: str, value: dict | None) -> None:
    for lang in ("zh", "en"):
        form[f"{name}_{lang}"].data = (value or {}).get(lang, "")


def aware(value: datetime | None, zone: str) -> datetime | None:
    """A datetime-local value read in `zone`."""
    return value.replace(tzinfo=ZoneInfo(zone)) if value else None


def local(value: datetime | None, zone: str) -> datetime | None:
    """For a datetime-local input: the moment in `zone`, without its offset."""
    return value.astimezone(ZoneInfo(zone)).replace(tzinfo=None, second=0, microsecond=0) if value else None


def tender_data(form) -> dict:
    data = {name: texts(form, name) for name in TENDER_TEXTS}
    data.update({name: form[name].data for name in TENDER_PLAIN})
    data["value"] = {"amount": form.value_amount.data, "currency": form.value_currency.data}
    return data


def fill_tender_form(form, tender) -> None:
    for name in TENDER_TEXTS:
        fill_texts(form, name, getattr(tender, name))
    for name in TENDER_PLAIN:
        form[name].data = str(getattr(tender, name))
    form.value_amount.data = str(tender.value_amount)
    form.value_currency.data = tender.value_currency
    form.version.data = str(tender.version)


def announcement_data(form) -> dict:
    zone = form.zone.data
    return {"kind": "announcement", "body": texts(form, "body"),
            "bid_deadline": aware(form.bid_deadline.data, zone),
            "documents_from": aware(form.documents_from.data, zone),
            "documents_until": aware(form.documents_until.data, zone),
            "opening_place": texts(form, "opening_place"), "contact": texts(form, "contact"),
            "documents": list(form.documents.data or [])}


def fill_amendment_form(form, tender) -> None:
    for name in AMENDABLE_TEXTS:
        fill_texts(form, name, getattr(tender, name))
    for name in AMENDABLE_TIMES:
        form[name].data = local(getattr(tender, name), form.zone.data)


def amendment_data(form, tender) -> dict:
    """Only the fields whose value differs from the current terms become changes."""
    changes = {}
    for name in AMENDABLE_TIMES:
        new = aware(form[name].data, form.zone.data)
        if new and new != _to_minute(getattr(tender, name)):
            changes[name] = new
    for name in AMENDABLE_TEXTS:
        new = {lang: text.strip() for lang, text in texts(form, name).items() if text.strip()}
        if new != (current_value(tender, name) or {}):
            changes[name] = new
    return {"kind": "amendment", "body": texts(form, "body"), "changes": changes,
            "rationale": texts(form, "rationale"), "documents": list(form.documents.data or [])}


def _to_minute(value: datetime | None) -> datetime | None:
    return value.replace(second=0, microsecond=0) if value else None


def termination_data(form) -> dict:
    return {"kind": "termination", "body": texts(form, "body"), "reason": texts(form, "reason")}


def show_error(form, error: DomainError) -> None:
    """Put the command's message beside the field it names, or above the form."""
    message = error.text(locale())
    name = (error.field or "").removeprefix("changes.").replace(".", "_")
    for candidate in (name, f"{name}_zh", f"{name}_amount"):
        if candidate and candidate in form:
            form[candidate].errors = [*form[candidate].errors, message]
            return
    form.form_errors.append(message)


assert set(AMENDABLE) == {*AMENDABLE_TEXTS, *AMENDABLE_TIMES}  # a new amendable field needs a form field
