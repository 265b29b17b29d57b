"""`flask ocds export DIR` writes the bulk files; `flask ocds refresh` rebuilds the copies the
/downloads page serves (for cron, or with OCDS_BULK_REFRESH off)."""

from pathlib import Path

import click
from flask.cli import AppGroup

from . import bulk

ocds = AppGroup("ocds", help="Open Contracting data: bulk files.")


@ocds.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def export(directory: Path) -> None:
    """Write full.jsonl.gz, <year>.jsonl.gz, full-csv.zip, full.xlsx and manifest.json into DIRECTORY."""
    for made in bulk.build(directory):
        click.echo(f"{made['name']}  {made['size']} bytes  sha256 {made['sha256']}  "
                   f"{made['records']} records, ledger size {made['ledger_size']}")


@ocds.command("refresh")
def refresh() -> None:
    """Rebuild the files the /downloads page serves, now."""
    bulk.regenerate()
    click.echo(f"{len(bulk.stored())} files, ledger size {bulk.ledger_size()}")
