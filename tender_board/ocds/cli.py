"""`flask ocds export DIR` writes the bulk files; `flask ocds refresh` rebuilds the copies the
/downloads page serves (for cron, or with OCDS_BULK_REFRESH off); `flask ocds releases` writes the
release texts the release pages read (ocds.stored)."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..transaction import transaction
from . import bulk, stored

ocds = AppGroup("ocds", help="Open Contracting data: bulk files, release texts.")


def _public_url() -> None:
    if not current_app.config.get("PUBLIC_URL"):
        raise click.ClickException("set PUBLIC_URL (or TENDER_BOARD_PUBLIC_URL): every link in the files starts "
                                   "with the board's public address")


@ocds.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def export(directory: Path) -> None:
    """Write full.jsonl.gz, <year>.jsonl.gz, full-csv.zip, full.xlsx and manifest.json into DIRECTORY."""
    _public_url()
    for made in bulk.build(directory):
        click.echo(f"{made['name']}  {made['size']} bytes  sha256 {made['sha256']}  "
                   f"{made['records']} records, ledger size {made['ledger_size']}")


@ocds.command("refresh")
def refresh() -> None:
    """Rebuild the files the /downloads page serves, now."""
    _public_url()
    bulk.regenerate()
    click.echo(f"{len(bulk.stored())} files, ledger size {bulk.ledger_size()}")


@ocds.command("releases")
def releases() -> None:
    """Write every public notice's release text anew (after a bulk load, or a change of mapping)."""
    with transaction():
        kept = stored.rebuild()
    click.echo(f"{kept} releases kept")
