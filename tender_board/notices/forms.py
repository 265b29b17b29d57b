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

    def page_order(self) -> list:
        """The fields as every draft page shows them, for the error summary: the kind's own
        fields, then the notice text, then the documents to publish (declared first or last)."""
        last = [name for name in ("body_zh", "body_en", "documents") if name in self]
        return [f for f in self if f.name not in last] + [self[name] for name in last]


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason for returning it"), [DataRequired(), Length(max=5000)],
                           description=_l("The author sees this and can correct the draft."))
