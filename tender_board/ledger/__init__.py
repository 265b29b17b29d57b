"""The public ledger: every published notice appended to an RFC 6962 Merkle log whose signed
checkpoints anyone can verify (issue 11; the verifier's tender_board_verify package holds the
tree and the signed notes, one implementation for both sides)."""

from flask import Flask

from . import cli, views


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    app.register_blueprint(views.api)
    app.cli.add_command(cli.ledger)
    app.jinja_env.globals["ledger_links"] = views.notice_links
