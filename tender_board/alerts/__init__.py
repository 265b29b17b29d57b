"""E-mail alerts for any search or tender, with double opt-in, digests and one-click unsubscribe."""

from flask import Flask

from ..extensions import csrf
from . import cli, links, views


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    # RFC 8058: the mail client posts without a session; the signed token in the address decides.
    csrf.exempt(views.unsubscribe)
    app.cli.add_command(cli.alerts)
    app.jinja_env.globals.update(follow_links=links.follow_links)
