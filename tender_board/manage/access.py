"""Who may open which page of the workspace, decided on the server for every request.

Another manager's unpublished tender or draft answers 404, as if it did not exist: the
workspace never reveals what it does not let you touch.
"""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import select

from ..auth.models import Role
from ..errors import not_found
from ..extensions import db
from ..notices.models import Notice
from ..tenders.models import Tender


def role_required(*roles: Role):
    """Signed in (else the sign-in page) and holding one of `roles` (else 403)."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapper
    return decorator


def own_tender(reference: str) -> Tender:
    """The current manager's own tender, or 404."""
    tender = db.session.scalar(select(Tender).where(Tender.reference == reference))
    if tender is None or tender.manager_id != current_user.id:
        raise not_found("未找到该招标项目。", "No such tender.")
    return tender


def may_read_notice(notice: Notice, user) -> bool:
    """Its author, its tender's manager, and the approvers read a notice before publication."""
    return (user.id in (notice.author_id, notice.tender.manager_id)
            or user.role == Role.APPROVER or notice.is_published)


def readable_notice(notice_id: int) -> Notice:
    notice = db.session.get(Notice, notice_id)
    if notice is None or not may_read_notice(notice, current_user):
        raise not_found("未找到该公告。", "No such notice.")
    return notice
