"""The one source of "now". Tests and the demo loader replace it through `app.config["CLOCK"]`."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from flask import current_app


def system_now() -> datetime:
    return datetime.now(UTC)


def now() -> datetime:
    return current_app.config.get("CLOCK", system_now)()


class FixedClock:
    """A clock that stands still until moved: for tests and for loading dated demo data."""

    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta) -> datetime:
        self.at += timedelta(**delta)
        return self.at


@contextmanager
def clock_at(moment: datetime) -> Iterator[FixedClock]:
    """Run commands as if at `moment`, through the same clock the app reads (the demo data)."""
    config = current_app.config
    previous = config.get("CLOCK")
    config["CLOCK"] = clock = FixedClock(moment)
    try:
        yield clock
    finally:
        if previous is None:
            config.pop("CLOCK", None)
        else:
            config["CLOCK"] = previous
