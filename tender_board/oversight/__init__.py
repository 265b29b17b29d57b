"""Red-flag indicators (public oversight): questions a watcher may ask of a tender, computed from
its compiled OCDS release, so that anyone can recompute them from the bulk files. One module per
indicator in `indicators/`; the flags raised are stored (models) and shown on the tender page, the
API, the /oversight dashboard and its feed.
"""

from flask import Flask

from ..notices.operations import AFTER_PUBLICATION
from . import cli, compute, views
from .indicators import INDICATORS
from .queries import raised


def init_app(app: Flask) -> None:
    if compute.after_publication not in AFTER_PUBLICATION:
        AFTER_PUBLICATION.append(compute.after_publication)
    app.register_blueprint(views.bp)
    app.jinja_env.globals.update(oversight_questions=raised, indicator_count=len(INDICATORS),
                                  oversight_indicators=INDICATORS)
    app.cli.add_command(cli.oversight)
