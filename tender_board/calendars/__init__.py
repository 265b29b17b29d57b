"""Calendar files (iCalendar, RFC 5545) of a tender's dates and of a search's tenders."""

from flask import Flask

from . import views


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
