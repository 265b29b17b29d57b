"""One transaction per request or CLI command. Commands flush and never commit; this does, once.

    with transaction():                         # the API, a button, a CLI command
        notice = approve_notice(notice, user)   # a refusal propagates to the error handler

    with transaction(catch=True) as attempt:    # a form page
        tender = create_tender(data, user)
    if attempt.refusal:                          # rolled back; show it beside the field it names
        ...

Leaving the block commits. Any error rolls back first, so nothing half-done is ever stored.
With `catch`, a refusal (a DomainError) stops there and is kept in `refusal`; anything else
propagates. With `keep=False` the block runs to its end and is rolled back even so: a form whose
own checks failed still runs its command, to show the command's refusals with them, storing
nothing. It also decorates a function whose whole body is one command.
"""

from contextlib import ContextDecorator

from .errors import DomainError
from .extensions import db


class transaction(ContextDecorator):  # noqa: N801 (used like a function: `with transaction():`)
    def __init__(self, catch: bool = False, keep: bool = True):
        self.catch, self.keep = catch, keep
        self.refusal: DomainError | None = None

    def __enter__(self) -> "transaction":
        self.refusal = None
        return self

    def __exit__(self, _kind, error, _traceback) -> bool:
        if error is None and not self.keep:
            db.session.rollback()
            return False
        if error is None:
            try:
                db.session.commit()
            except BaseException:
                db.session.rollback()
                raise
            return False
        db.session.rollback()
        if self.catch and isinstance(error, DomainError):
            self.refusal = error
            return True
        return False

    @property
    def done(self) -> bool:
        """Committed: the block ran to its end without a refusal."""
        return self.refusal is None and self.keep
