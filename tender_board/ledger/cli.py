"""`flask ledger verify|checkpoint|key`: the operator's side of the public ledger."""

import click
from flask.cli import AppGroup

from ..extensions import db
from ..transaction import transaction
from . import checkpoints, notices, signing

ledger = AppGroup("ledger", help="The public ledger: check it against the database, sign it, show its key.")


@ledger.command("verify")
def verify() -> None:
    """Check every notice and document in the database against the ledger; names the first that
    no longer matches (exit status 1). It only reads: on SQLite, publications go on meanwhile."""
    if not db.session().in_transaction():  # (a caller's transaction, in tests, keeps its own)
        db.session.connection(execution_options={"reads_only": True})
    problems = list(notices.verify())
    if problems:
        click.echo(f"FAILED: {problems[0]}", err=True)
        for problem in problems[1:]:
            click.echo(f"also: {problem}", err=True)
        raise SystemExit(1)
    latest = checkpoints.latest()
    signed = f", the latest checkpoint signed at size {latest.size}" if latest else ""
    click.echo(f"OK: every ledger entry matches its notice and its documents{signed}")


@ledger.command("backfill")
def backfill() -> None:
    """Append the notices published before this board kept a ledger (once, after upgrading), then
    sign the new size."""
    with transaction():
        added = notices.backfill()
    click.echo(f"{added} published notices appended to the ledger")
    if added:
        checkpoints.issue()


@ledger.command("checkpoint")
def checkpoint() -> None:
    """Sign the committed log's size if it is not signed yet, and print the checkpoint."""
    try:
        issued = checkpoints.issue()
    except checkpoints.InconsistentLog as error:
        raise click.ClickException(f"refusing to sign: {error}") from None
    click.echo(issued.note, nl=False)


@ledger.command("key")
def key() -> None:
    """Print the verifier key that watchers pin (generated on first use)."""
    click.echo(str(signing.signer().verifier()))
