"""What a reviewer sees of a notice: exactly what will be published (its kind's `preview`, the
same function publication runs), and which buttons the current user may press."""

from flask import redirect, render_template, url_for
from flask_login import current_user

from ..auth.forms import EmptyForm
from ..auth.models import Role
from ..clock import now as clock_now
from ..errors import DomainError
from ..i18n import locale
from ..notices.forms import RejectForm
from ..notices.models import Notice, NoticeStatus
from ..notices.registry import kind_of


def review_context(notice: Notice) -> dict:
    user, now = current_user, clock_now()
    kind = kind_of(notice.kind)
    is_author = user.id == notice.author_id
    return {
        "notice": notice, "tender": notice.tender, "now": now, "kind": kind,
        "payload": kind.preview(notice.tender, notice, now),
        "is_author": is_author,
        "may_submit": is_author and notice.status == NoticeStatus.DRAFT,
        "may_decide": (user.role == Role.APPROVER and not is_author
                       and notice.status == NoticeStatus.IN_APPROVAL),
    }


def confirm_page(notice: Notice, action: str):
    """The second step of an action that cannot be undone: what it does, its button, a way back.
    Someone who may not take it is sent back to the notice."""
    context = review_context(notice)
    allowed = context["may_decide"] if action == "approve" else context["may_submit"]
    if not allowed:
        return redirect(url_for("manage.notice", notice_id=notice.id))
    return render_template("manage/confirm.html", **context, action=action, empty=EmptyForm())


def review_page(notice: Notice, refusal: DomainError | None = None, reject: RejectForm | None = None):
    """The notice's page; after a refusal, with the refusal (and the rule it names) at the top."""
    page = render_template("manage/notice.html", **review_context(notice), empty=EmptyForm(),
                           reject=reject or RejectForm(), refusal=refusal.text(locale()) if refusal else None,
                           refusal_field=refusal.field if refusal else None)
    return page, refusal.status if refusal else 200
