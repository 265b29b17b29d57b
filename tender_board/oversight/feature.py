"""The oversight feature in the app: the publish hooks (flags, facts), the pages, the template globals, the command."""

from flask import Flask

from ..notices.operations import AFTER_PUBLICATION
from . import cli, compute, tender_facts, views
from .indicators import INDICATORS
from .queries import raised


def init_app(app: Flask) -> None:
    for hook in (compute.after_publication, tender_facts.after_publication):
        if hook not in AFTER_PUBLICATION:
            AFTER_PUBLICATION.append(hook)
    app.register_blueprint(views.bp)
    app.jinja_env.globals.update(oversight_questions=raised, indicator_count=len(INDICATORS),
                                  oversight_indicators=INDICATORS)
    app.cli.add_command(cli.oversight)
