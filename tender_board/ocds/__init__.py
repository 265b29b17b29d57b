"""Open Contracting Data Standard 1.1 (with the bids extension): one immutable release per published
notice, built from the notice's frozen content (each kind's `Kind.ocds`), records compiled with
ocdsmerge, and the release and record packages served under /ocds.

Sandbox tenders never appear. Nothing here writes but its own tables: each release's text when its
notice is published (ocds.stored), and the bulk files.
"""

from flask import Flask

from ..notices.operations import AFTER_PUBLICATION
from . import cli, stored, views


def init_app(app: Flask) -> None:
    if stored.after_publication not in AFTER_PUBLICATION:
        AFTER_PUBLICATION.append(stored.after_publication)
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.ocds)
