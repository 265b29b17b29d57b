"""What a reviewer sees of a notice: exactly what will be published, the difference from the
current terms for an amendment, and which buttons the current user may press."""

from flask import render_template
from flask_login import current_user

from ..auth.forms import EmptyForm
from ..auth.models import Role
from ..clock import now as clock_now
from ..errors import DomainError
from ..i18n import locale
from ..notices.kinds import current_value
from ..notices.models import Notice, NoticeKind, NoticeStatus
from .forms import RejectForm


def amendment_rows(notice: Notice) -> list[tuple[str, object, object]]:
    """(field, old, new) for each change: the frozen old value once published, else the current one."""
    payload = notice.payload
    previous = payload.get("previous") or {}
    return [(name, previous[name] if name in previous else current_value(notice.tender, name), new)
            for name, new in payload.get("changes", {}).items()]


def review_context(notice: Notice) -> dict:
    user = current_user
    is_author = user.id == notice.author_id
    return {
        "notice": notice, "tender": notice.tender, "now": clock_now(),
        "changes": amendment_rows(notice) if notice.kind == NoticeKind.AMENDMENT else None,
        "is_author": is_author,
        "may_submit": is_author and notice.status == NoticeStatus.DRAFT,
        "may_decide": (user.role == Role.APPROVER and not is_author
                       and notice.status == NoticeStatus.IN_APPROVAL),
    }


def refused(notice: Notice, error: DomainError, reject: RejectForm | None = None):
    """The notice page again, with the refusal (and the rule it names) at the top."""
    return render_template("manage/notice.html", **review_context(notice), empty=EmptyForm(),
                           reject=reject or RejectForm(), refusal=error.text(locale())), error.status
