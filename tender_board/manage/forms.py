"""The workspace forms. Every field has a label and a description; the domain commands check
the rules, and their refusals are shown beside the field they name (see convert.show_error)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FileField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..documents.types import ACCEPT
from ..i18n import country_names, locale, pair
from ..tenders.rules import PROFILES
from ..times import BEIJING_ZONE
from ..validation import countries, timezones

MINUTES = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]  # what <input type="datetime-local"> sends


def bilingual(label, description, area: bool = False, max_length: int = 20000):
    """Two fields for one text: Chinese and English. The command checks that one is given."""
    kind = TextAreaField if area else StringField
    return (kind(_l("%(field)s (Chinese)", field=label), [Optional(), Length(max=max_length)],
                 description=description),
            kind(_l("%(field)s (English)", field=label), [Optional(), Length(max=max_length)],
                 description=_l("Give it in Chinese, in English, or in both.")))


def moment_field(label, description):
    return DateTimeLocalField(label, [InputRequired()], format=MINUTES, description=description)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TenderForm(FlaskForm):
    category = SelectField(_l("Category"), choices=[
        SelectChoice("overseas", _l("Overseas works: embassies, consulates, residences")),
        SelectChoice("domestic", _l("Domestic works"))], description=_l("Where the works are carried out."))
    title_zh, title_en = bilingual(_l("Title"), _l("What the works are, in one line."), max_length=500)
    description_zh, description_en = bilingual(_l("Description"), _l("The scope of the works."), area=True)
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
    qualification_zh, qualification_en = bilingual(
        _l("Qualification requirements"), _l("What a bidder must hold to take part."), area=True)
    rule_profile = SelectField(_l("Rule profile"), description=_l(
        "The statutory periods that apply: PRC law, or the profile for overseas works."))
    sandbox = BooleanField(_l("Sandbox (training) tender"), description=_l(
        "Its clock runs faster and it stays out of the public ledger. Cannot be changed later."))
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = country_names()
        self.country.choices = sorted((SelectChoice(code, f"{names.get(code, code)} ({code})")
                                       for code in countries()), key=lambda choice: choice.label)
        self.timezone.choices = [SelectChoice(zone) for zone in sorted(timezones())]
        self.rule_profile.choices = [SelectChoice(code, profile.name.get(locale()) or code)
                                     for code, profile in PROFILES.items()]


class UploadForm(FlaskForm):
    file = FileField(_l("Document"), render_kw={"accept": ACCEPT}, description=_l(
        "PDF, PNG, JPEG, DOCX or XLSX. Its SHA-256 is computed on upload and published with it."))


class NoticeForm(FlaskForm):
    """What every notice carries besides its kind's own fields."""

    body_zh, body_en = bilingual(_l("Notice text"), _l("Free text published with the notice."),
                                 area=True, max_length=50000)


class AnnouncementForm(NoticeForm):
    bid_deadline = moment_field(_l("Bid deadline and opening time"), _l(
        "Bids are opened in public at this moment. At least 20 days after the documents are first issued."))
    documents_from = moment_field(_l("Documents available from"), _l(
        "When bidders can first obtain the tender documents."))
    documents_until = moment_field(_l("Documents available until"), _l(
        "At least 5 days after they become available, and not after the bid deadline."))
    zone = SelectField(_l("Time zone of these times"), description=_l(
        "The times above are read in this zone and stored with it."))
    opening_place_zh, opening_place_en = bilingual(_l("Opening place"), _l(
        "Where the public bid opening takes place."), max_length=500)
    contact_zh, contact_en = bilingual(_l("Contact"), _l("Who answers bidders' questions, and how."),
                                       max_length=1000)
    documents = MultiCheckboxField(_l("Documents to publish"), coerce=int, description=_l(
        "The tender documents published with this notice; upload them on the tender's page first."))


class AmendmentForm(NoticeForm):
    bid_deadline = DateTimeLocalField(_l("Bid deadline"), [Optional()], format=MINUTES, description=_l(
        "Leave as it is to keep the current deadline."))
    documents_until = DateTimeLocalField(_l("Documents available until"), [Optional()], format=MINUTES,
                                         description=_l("Leave as it is to keep the current date."))
    zone = SelectField(_l("Time zone of these times"), description=_l("The times above are read in this zone."))
    opening_place_zh, opening_place_en = bilingual(_l("Opening place"), _l("Change only what changes."),
                                                   max_length=500)
    contact_zh, contact_en = bilingual(_l("Contact"), _l("Change only what changes."), max_length=1000)
    description_zh, description_en = bilingual(_l("Description"), _l("Change only what changes."), area=True)
    qualification_zh, qualification_en = bilingual(_l("Qualification requirements"),
                                                   _l("Change only what changes."), area=True)
    rationale_zh, rationale_en = bilingual(_l("Rationale"), _l("Why the terms change; published with the changes."),
                                           area=True, max_length=5000)
    documents = MultiCheckboxField(_l("Documents to publish"), coerce=int, description=_l(
        "New or corrected documents published with this amendment."))


class TerminationForm(NoticeForm):
    reason_zh, reason_en = bilingual(_l("Reason for the termination"), _l(
        "Published with the notice: why the tender ends here."), area=True, max_length=5000)


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason for returning it"), [DataRequired(), Length(max=5000)],
                           description=_l("The author sees this and can correct the draft."))


def zone_choices(tender) -> list[SelectChoice]:
    zones = dict.fromkeys([tender.timezone, BEIJING_ZONE, "UTC"])
    return [SelectChoice(zone, zone if zone != BEIJING_ZONE else f"{zone} ({pair(('北京时间', 'Beijing time'))})")
            for zone in zones]


def document_choices(tender) -> list[SelectChoice]:
    return [SelectChoice(d.id, f"{d.filename} · SHA-256 {d.sha256[:12]}…") for d in tender.documents]
