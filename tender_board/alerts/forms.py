"""The alert forms. Validation of meaning (the address, the search) is the operations' job."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from .models import Frequency

FREQUENCY_CHOICES = [
    SelectChoice(Frequency.IMMEDIATE.value, _l("Immediately: one message after each publication that matches")),
    SelectChoice(Frequency.DAILY.value, _l("Daily digest: at most one message a day, at 08:00 Beijing time")),
    SelectChoice(Frequency.WEEKLY.value, _l("Weekly digest: at most one message a week, on Monday")),
]
LANGUAGE_CHOICES = [SelectChoice("zh", "中文"), SelectChoice("en", "English")]


class SubscribeForm(FlaskForm):
    email = EmailField(_l("Your e-mail address"), validators=[DataRequired(), Length(max=254)],
                       description=_l("We first send one message asking you to confirm; nothing else "
                                      "is sent until you do. The address is never shown to anyone."))
    frequency = RadioField(_l("How often"), choices=FREQUENCY_CHOICES, default=Frequency.IMMEDIATE.value,
                           validators=[DataRequired()])
    lang = SelectField(_l("Language of the messages"), choices=LANGUAGE_CHOICES, validators=[DataRequired()])


class SuppressForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)],
                       description=_l("Every subscription of this address ends and it is never mailed again."))
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=200)],
                         description=_l("For example: bounced, complaint, asked by telephone."))
