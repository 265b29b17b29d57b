"""Sign-in and account forms. Every state-changing button posts a form with a CSRF token."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from .models import Role

ROLE_CHOICES = [
    SelectChoice(Role.MANAGER.value, _l("Project manager: drafts tenders and notices")),
    SelectChoice(Role.APPROVER.value, _l("Approver: approves notices drafted by others")),
    SelectChoice(Role.EVALUATOR.value, _l("Evaluator: records bid evaluations")),
    SelectChoice(Role.ADMIN.value, _l("Administrator: manages accounts")),
]


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)],
                       description=_l("The address your account was created with."))
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])


class EmptyForm(FlaskForm):
    """A form with only its CSRF token: every state-changing button posts one."""


class NewUserForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)],
                       description=_l("The person signs in with this address."))
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)],
                               description=_l("Shown to colleagues, e.g. on drafts awaiting approval."))
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validators=[DataRequired()],
                       description=_l("What this person may do."))
    password = PasswordField(_l("Initial password"), validators=[DataRequired(), Length(max=1024)],
                             description=_l("At least 10 characters; tell it to the person privately."))


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validators=[DataRequired()],
                       description=_l("Changing the role signs the person out everywhere."))
