"""URL converters for every route: an id in a path is a row id, or the page does not exist."""

from flask import Flask
from werkzeug.routing import IntegerConverter

from .validation import MAX_ID


class RowId(IntegerConverter):
    """`<int:...>` everywhere: ASCII digits only (not other scripts' digits), 0 … 2^31 − 1 (the
    ids' INTEGER columns on PostgreSQL).

    Anything else matches no route, so it answers 404 like any unknown address."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = 0, max: int | None = MAX_ID,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def init_app(app: Flask) -> None:
    """Before any blueprint adds its rules: a rule picks its converter when it is added."""
    app.url_map.converters["int"] = RowId
