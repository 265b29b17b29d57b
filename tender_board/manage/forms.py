"""The workspace's own forms: a tender's terms, an upload, the evaluation with its score grid, an
objection and its answer. (Each notice kind's form lives in its kind's module.) Every field has a
label and a description; the commands check the rules, and a refusal is shown beside the field it
names (forms.place_error). Repeated rows work without JavaScript: empty rows are ignored."""

from babel.core import get_global
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FieldList,
    FileField,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ..documents.types import ACCEPT
from ..errors import invalid
from ..forms import MAX_ROWS, MINUTES, Rows, SectionErrors, bilingual, fill_texts, texts
from ..i18n import country_names, locale
from ..tenders.rules import PROFILES
from ..times import BEIJING_ZONE
from ..validation import countries, timezones

TENDER_TEXTS = ("title", "description", "mission", "procuring_entity", "agency", "qualification")
TENDER_PLAIN = ("category", "country", "city", "timezone", "procurement_method", "rule_profile")


class TenderForm(FlaskForm):
    # In the page's order, so that the error summary lists them as the eye meets them.
    category = SelectField(_l("Category"), choices=[
        SelectChoice("overseas", _l("Overseas works: embassies, consulates, residences")),
        SelectChoice("domestic", _l("Domestic works"))], default="overseas",
        description=_l("Where the works are carried out."))
    title_zh, title_en = bilingual(_l("Title"), _l("What the works are, in one line."), max_length=500)
    description_zh, description_en = bilingual(_l("Description"), _l("The scope of the works."), area=True)
    qualification_zh, qualification_en = bilingual(
        _l("Qualification requirements"), _l("What a bidder must hold to take part."), area=True)
    country = SelectField(_l("Country"), description=_l("The country where the works are."))
    city = StringField(_l("City"), [DataRequired(), Length(max=120)], description=_l("The city or site."))
    mission_zh, mission_en = bilingual(_l("Mission"), _l("For overseas works: the embassy or consulate, "
                                                         "e.g. Embassy in Hanoi."), max_length=300)
    timezone = SelectField(_l("Project time zone"), default=BEIJING_ZONE,
                           description=_l("Deadlines are shown in Beijing time and in this zone."))
    procuring_entity_zh, procuring_entity_en = bilingual(
        _l("Procuring entity"), _l("Who buys the works."), max_length=300)
    agency_zh, agency_en = bilingual(_l("Tendering agency"), _l("Who runs the tender."), max_length=300)
    value_amount = StringField(_l("Estimated value"), [DataRequired(), Length(max=30)],
                               description=_l("A decimal amount, such as 1250000.00."))
    value_currency = StringField(_l("Currency"), [DataRequired(), Length(max=3)], default="CNY",
                                 description=_l("ISO 4217 code, such as CNY, USD or EUR."))
    procurement_method = SelectField(_l("Procurement method"), choices=[
        SelectChoice("open", _l("Open tender")), SelectChoice("selective", _l("Selective (invited) tender"))],
        description=_l("Open: anyone qualified may bid. Selective: invited bidders only."))
    rule_profile = SelectField(_l("Rule profile"), description=_l(
        "The statutory periods that apply: PRC law, or the profile for overseas works."))
    sandbox = BooleanField(_l("Sandbox (training) tender"), description=_l(
        "Its clock runs faster and it stays out of the public ledger. Cannot be changed later."))
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = country_names()
        # Each country names its zones, so that the page's script can list them first at once.
        self.country.choices = sorted((SelectChoice(code, f"{names.get(code, code)} ({code})",
                                                    render_kw={"data-zones": " ".join(country_zones(code))})
                                       for code in countries()), key=lambda choice: choice.label)
        self.rule_profile.choices = [SelectChoice(code, profile.name.get(locale()) or code)
                                     for code, profile in PROFILES.items()]
        if not self.is_submitted():  # overseas works follow the overseas profile, unless chosen
            self.rule_profile.data = "overseas" if self.category.data == "overseas" else "cn-works"
        self.order_zones()

    def order_zones(self) -> None:
        """The chosen country's zones first (Beijing's when none is chosen), then every zone."""
        first = country_zones(self.country.data) or [BEIJING_ZONE]
        label = (_l("Time zones of %(country)s", country=country_names().get(self.country.data))
                 if self.country.data in countries() else _l("Beijing time"))
        self.timezone.choices = {str(label): [SelectChoice(zone) for zone in first],
                                 str(_l("Every time zone")): [SelectChoice(zone) for zone in sorted(timezones())
                                                              if zone not in first]}


class UploadForm(FlaskForm):
    file = FileField(_l("Document"), render_kw={"accept": ACCEPT}, description=_l(
        "PDF, PNG, JPEG, DOCX or XLSX. Its SHA-256 is computed on upload and published with it."))


def country_zones(code: str | None) -> list[str]:
    """The time zones in use in a country (CLDR's list of them)."""
    return [zone for zone in get_global("territory_zones").get(code or "", ()) if zone in timezones()]


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
    form.order_zones()


# --- the evaluation (评标) --------------------------------------------------------------------------

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

    sections = ("committee", "criteria", "scores", "rejected")
    method = SelectField(_l("Evaluation method"), choices=METHODS, description=_l(
        "Rated criteria: scores on weighted criteria. Lowest evaluated price: no criteria, no scores."))
    committee = FieldList(FormField(MemberRow), min_entries=7, max_entries=MAX_ROWS)
    criteria = FieldList(FormField(CriterionRow), min_entries=4, max_entries=20)
    rejected = FieldList(FormField(RejectionRow), min_entries=2, max_entries=MAX_ROWS)
    report_document = SelectField(_l("Evaluation report"), default="", description=_l(
        "The committee's report, uploaded above on this page; its SHA-256 is published."))

    def page_order(self) -> list:
        """As the page shows them: the score grid (fields added per tender) after the criteria."""
        scores = [f for f in self if f.name.startswith("score_")]
        return [self.method, self.committee, self.criteria, "scores", *scores, self.rejected,
                self.report_document]


EVALUATION_NAMES = {"name.zh": "name_zh", "name.en": "name_en"}  # a refusal's names → a criterion row's


def score_field_name(bid_id: int, column: int) -> str:
    return f"score_{bid_id}_{column}"


def evaluation_form(bids, columns: int, bid_choices, document_choices, formdata=None) -> EvaluationForm:
    """The evaluation form for these bids, with one score input per bid and criterion column."""
    class TenderEvaluationForm(EvaluationForm):
        pass

    for bid in bids:
        for column in range(columns):
            setattr(TenderEvaluationForm, score_field_name(bid.id, column), StringField(
                _l("Score of %(bidder)s on criterion %(n)s", bidder=bid.bidder_name, n=column + 1),
                [Optional(), Length(max=10)],
                description=_l("From 0 to the criterion's weight; empty for a rejected bid.")))
    form = TenderEvaluationForm(formdata=formdata)  # None: not bound to a POST (the report's upload)
    for row in form.rejected:
        row.bid.choices = bid_choices
    form.report_document.choices = document_choices
    return form


def fill_evaluation_form(form, evaluation, bids) -> None:
    """Recording again starts from the latest record: its committee, criteria, scores and
    rejections, so the score grid's columns are headed by the criteria's names at once."""
    def fill(name: str, values: list[dict]) -> None:
        while len(form[name]) < len(values):
            form[name].append_entry()
        for row, value in zip(form[name], values, strict=False):
            for key, data in value.items():
                row.form[key].data = data

    fill("committee", [{"name": m.name, "expertise": m.expertise.value} for m in evaluation.members])
    fill("criteria", [{"name_zh": c.name.get("zh", ""), "name_en": c.name.get("en", ""), "weight": str(c.weight)}
                      for c in evaluation.criteria])
    numbers = {b.id: b.registration_number for b in bids}
    fill("rejected", [{"bid": numbers.get(r.bid_id, ""), "reason": r.reason} for r in evaluation.rejections])
    columns = {c.id: column for column, c in enumerate(evaluation.criteria)}
    for score in evaluation.scores:
        name = score_field_name(score.bid_id, columns[score.criterion_id])
        if name in form:
            form[name].data = str(score.value)
    form.method.data = evaluation.method.value
    form.report_document.data = str(evaluation.report_document_id or "")


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


# --- objections (异议) and their answers ----------------------------------------------------------

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
