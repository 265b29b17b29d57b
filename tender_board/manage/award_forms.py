"""Forms of the second half of the lifecycle: the opening record, failure, evaluation, candidates,
objections, result and contract. Every field has a label and a description; the commands check
the rules. Repeated rows work without JavaScript: empty rows are ignored."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from .forms import MINUTES, NoticeForm, bilingual

MAX_ROWS = 60  # rows a form accepts: more bids or members than this is not a real tender


def row_time(label, description):
    return DateTimeLocalField(label, [Optional()], format=MINUTES, description=description)


class SectionErrors:
    """Refusals about a whole list (the bids, the committee): shown at the top of its fieldset."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.section_errors: dict[str, list[str]] = {}


# --- the opening record (开标记录) and the failure notice (流标公告) ------------------------------

BID_STATUSES = [SelectChoice("valid", _l("Valid")), SelectChoice("disqualified", _l("Disqualified")),
                SelectChoice("withdrawn", _l("Withdrawn"))]


class BidRow(Form):
    name = StringField(_l("Bidder"), [Optional(), Length(max=300)],
                       description=_l("The organisation's name, as on its bid."))
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
                       ("name", "registration_number", "country", "price_amount", "received_at",
                        "security", "reason"))


def bid_rows(min_entries: int = 8):
    return FieldList(FormField(BidRow), min_entries=min_entries, max_entries=MAX_ROWS)


class OpeningForm(SectionErrors, NoticeForm):
    bids = bid_rows()


FAILURE_REASONS = {
    "fewer_bids": _l("Fewer than 3 bids arrived"),
    "fewer_valid": _l("Fewer than 3 valid bids after evaluation"),
    "all_rejected": _l("Every bid was rejected"),
}


class FailureForm(SectionErrors, NoticeForm):
    reason_code = SelectField(_l("Why the tender failed"), [InputRequired()],
                              choices=[SelectChoice(code, label) for code, label in FAILURE_REASONS.items()],
                              description=_l("It must be true of the record: the bids received or still valid."))
    reason_zh, reason_en = bilingual(_l("Reason"), _l("Published with the notice: what happened."),
                                     area=True, max_length=5000)
    bids = bid_rows(min_entries=3)


# --- evaluation (评标) and candidates (中标候选人) ---------------------------------------------------

EXPERTISE = [SelectChoice("technical", _l("Technical expert")), SelectChoice("economic", _l("Economic expert")),
             SelectChoice("representative", _l("Tenderee's representative"))]
METHODS = [SelectChoice("ratedCriteria", _l("Comprehensive scoring (rated criteria)")),
           SelectChoice("priceOnly", _l("Lowest evaluated price"))]


class MemberRow(Form):
    name = StringField(_l("Member's name"), [Optional(), Length(max=200)],
                       description=_l("Kept private until the result notice is published."))
    expertise = SelectField(_l("Expertise"), choices=EXPERTISE, default="technical",
                            description=_l("At least two thirds of the committee are experts."))

    def is_empty(self) -> bool:
        return not (self.name.data or "").strip()


class CriterionRow(Form):
    name_zh = StringField(_l("Criterion (Chinese)"), [Optional(), Length(max=200)],
                          description=_l("What is scored, such as the technical proposal."))
    name_en = StringField(_l("Criterion (English)"), [Optional(), Length(max=200)],
                          description=_l("Give it in Chinese, in English, or in both."))
    weight = StringField(_l("Weight"), [Optional(), Length(max=10)],
                         description=_l("The most points a bid can score here; the weights sum to 100."))

    def is_empty(self) -> bool:
        return not any((self[name].data or "").strip() for name in ("name_zh", "name_en", "weight"))


class RejectionRow(Form):
    bid = SelectField(_l("Rejected bid"), default="",
                      description=_l("A valid bid the committee sets aside (否决投标)."))
    reason = StringField(_l("Reason for the rejection"), [Optional(), Length(max=2000)],
                         description=_l("Published with the candidates."))

    def is_empty(self) -> bool:
        return not (self.bid.data or "") and not (self.reason.data or "").strip()


class EvaluationForm(SectionErrors, FlaskForm):
    """The score grid's fields are added per tender by `evaluation_form` (one per bid × criterion)."""

    method = SelectField(_l("Evaluation method"), choices=METHODS, description=_l(
        "Rated criteria: scores on weighted criteria. Lowest evaluated price: no criteria, no scores."))
    committee = FieldList(FormField(MemberRow), min_entries=7, max_entries=MAX_ROWS)
    criteria = FieldList(FormField(CriterionRow), min_entries=4, max_entries=20)
    rejected = FieldList(FormField(RejectionRow), min_entries=2, max_entries=MAX_ROWS)
    report_document = SelectField(_l("Evaluation report"), default="", description=_l(
        "The committee's report, uploaded to the tender beforehand; its SHA-256 is published."))


def score_field_name(bid_id: int, column: int) -> str:
    return f"score_{bid_id}_{column}"


def evaluation_form(bids, columns: int, bid_choices, document_choices) -> EvaluationForm:
    """The evaluation form for these bids, with one score input per bid and criterion column."""
    class TenderEvaluationForm(EvaluationForm):
        pass

    for bid in bids:
        for column in range(columns):
            setattr(TenderEvaluationForm, score_field_name(bid.id, column), StringField(
                _l("Score of %(bidder)s on criterion %(n)s", bidder=bid.bidder_name, n=column + 1),
                [Optional(), Length(max=10)],
                description=_l("From 0 to the criterion's weight; empty for a rejected bid.")))
    form = TenderEvaluationForm()
    for row in form.rejected:
        row.bid.choices = bid_choices
    form.report_document.choices = document_choices
    return form


class CandidatesForm(SectionErrors, NoticeForm):
    first = SelectField(_l("First candidate"), [DataRequired()],
                        description=_l("The first-ranked bid of the computed ranking."))
    second = SelectField(_l("Second candidate"), default="", description=_l("Optional; the second-ranked bid."))
    third = SelectField(_l("Third candidate"), default="", description=_l("Optional; the third-ranked bid."))


# --- objections (异议), result (中标结果) and contract (合同) -------------------------------------

class ObjectionForm(FlaskForm):
    objector = StringField(_l("Objector"), [DataRequired(), Length(max=300)],
                           description=_l("Who made the objection: a bidder or another interested party."))
    submitted_at = DateTimeLocalField(_l("Received at"), [Optional()], format=MINUTES, description=_l(
        "When it was received, in the project's time zone; within the publicity window. Empty: now."))
    text = TextAreaField(_l("Objection"), [DataRequired(), Length(max=10000)],
                         description=_l("What the objector says; published on the tender's page."))


class AnswerForm(FlaskForm):
    """One per unanswered objection on the page, each with its own prefix."""

    answer = TextAreaField(_l("Answer"), [DataRequired(), Length(max=10000)],
                           description=_l("Due within 3 days of the objection; published and never changed."))


class ResultForm(NoticeForm):
    winner = SelectField(_l("Winning bidder"), [DataRequired()],
                         description=_l("One of the published candidates; normally the first."))
    reason_zh, reason_en = bilingual(_l("Reason for choosing another candidate"), _l(
        "Required when the winner is not the first-ranked candidate."), area=True, max_length=5000)


class ContractForm(NoticeForm):
    signed_at = DateTimeLocalField(_l("Signed at"), [InputRequired()], format=MINUTES, description=_l(
        "When the contract was signed, in the project's time zone; not in the future."))
    value_amount = StringField(_l("Contract value"), [DataRequired(), Length(max=30)],
                               description=_l("A decimal amount, such as 980000.00."))
    value_currency = StringField(_l("Currency"), [DataRequired(), Length(max=3)],
                                 description=_l("ISO 4217 code, such as CNY, USD or EUR."))
