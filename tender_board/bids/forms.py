"""The rows of bids received, as the opening record's and the failure notice's forms take them:
one row per bid, empty rows ignored, more rows on request, all without JavaScript."""

from flask import request
from flask_babel import lazy_gettext as _l
from wtforms import FieldList, Form, FormField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from ..forms import MAX_ROWS, Rows, aware_text, more_rows_asked, row_time

MORE_ROWS = 4
BID_STATUSES = [SelectChoice("valid", _l("Valid")), SelectChoice("disqualified", _l("Disqualified")),
                SelectChoice("withdrawn", _l("Withdrawn"))]
# A refusal's name inside a bid → the row's field.
BID_NAMES = {"bidder.name": "name", "bidder.name_en": "name_en", "bidder.registration_number": "registration_number",
             "bidder.country": "country", "price": "price_amount", "price.amount": "price_amount",
             "price.currency": "price_currency", "security.amount": "security", "security.currency": "security"}


class BidRow(Form):
    name = StringField(_l("Bidder"), [Optional(), Length(max=300)],
                       description=_l("The organisation's name, as on its bid."))
    name_en = StringField(_l("English name"), [Optional(), Length(max=300)],
                          description=_l("The bidder's English name, if it has one: English pages show it."))
    registration_number = StringField(_l("Registration number"), [Optional(), Length(max=80)],
                                      description=_l("Its unified social credit code or company registration number."))
    country = StringField(_l("Country code"), [Optional(), Length(max=2)],
                          description=_l("ISO 3166-1 code, such as CN or VN."))
    price_amount = StringField(_l("Price"), [Optional(), Length(max=30)],
                               description=_l("The bid price, a decimal amount such as 980000.00."))
    price_currency = StringField(_l("Price currency"), [Optional(), Length(max=3)],
                                 description=_l("ISO 4217 code; every bid in the same currency."))
    received_at = row_time(_l("Received at"), _l("In the project's time zone; not after the bid deadline."))
    security = StringField(_l("Bid security"), [Optional(), Length(max=30)], description=_l(
        "In the estimated value's currency, at most 2 per cent of it; empty if none."))
    status = SelectField(_l("Status"), choices=BID_STATUSES, default="valid",
                         description=_l("A withdrawn bid does not count towards the three bids."))
    reason = StringField(_l("Reason"), [Optional(), Length(max=2000)],
                         description=_l("Required when the bid is disqualified or withdrawn."))

    def is_empty(self) -> bool:
        """A row with nothing typed in it (the currency and status have defaults)."""
        return not any((self[name].data or "") for name in
                       ("name", "name_en", "registration_number", "country", "price_amount", "received_at",
                        "security", "reason"))


def bid_rows(min_entries: int = 8):
    return FieldList(FormField(BidRow), min_entries=min_entries, max_entries=MAX_ROWS)


def with_rows(form, tender):
    """The form with as many bid rows as asked for (`?rows=`, or the "more rows" button), each
    priced in the tender's currency until changed."""
    wanted = request.args.get("rows", type=int) or 0
    if more_rows_asked():
        wanted = len(form.bids) + MORE_ROWS
    while len(form.bids) < min(wanted, MAX_ROWS):
        form.bids.append_entry()
    if request.method == "GET" or more_rows_asked():
        for row in form.bids:
            if not row.form.price_currency.data:
                row.form.price_currency.data = tender.value_currency
    return form


def bids_data(form, tender, rows: Rows) -> list[dict]:
    """The bid security is given in the estimated value's currency (the 2% rule compares them)."""
    return [{"bidder": {"name": row.name.data, "name_en": row.name_en.data,
                        "registration_number": row.registration_number.data, "country": row.country.data},
             "price": {"amount": row.price_amount.data, "currency": row.price_currency.data},
             "received_at": aware_text(row.received_at.data, tender.timezone),
             "security": ({"amount": row.security.data, "currency": tender.value_currency}
                          if (row.security.data or "").strip() else None),
             "status": row.status.data, "reason": row.reason.data}
            for row in rows.filled(form, "bids")]
