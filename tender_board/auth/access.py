"""Who may open a staff page, decided on the server for every request."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from .models import Role


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
