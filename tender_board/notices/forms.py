"""What the staff forms of every notice share: the notice's own text; and the approver's form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from ..forms import bilingual


class NoticeForm(FlaskForm):
    """What every notice carries besides its kind's own fields."""

    body_zh, body_en = bilingual(_l("Notice text"), _l("Free text published with the notice."),
                                 area=True, max_length=50000)


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason for returning it"), [DataRequired(), Length(max=5000)],
                           description=_l("The author sees this and can correct the draft."))
