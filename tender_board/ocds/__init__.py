"""Open Contracting Data Standard 1.1 (with the bids extension): one immutable release per published
notice, built from the notice's frozen content (each kind's `Kind.ocds`), records compiled with
ocdsmerge, and the release and record packages served under /ocds.

Sandbox tenders never appear. Nothing here writes: it reads what was published.
"""

from flask import Flask

from . import cli, views


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.ocds)
