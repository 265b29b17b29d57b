"""`flask oversight refresh`: every indicator over the whole board (the outliers need it);
`flask oversight rebuild`: the dashboard's facts table, after a bulk load."""

import click
from flask import current_app
from flask.cli import AppGroup

from ..clock import now as clock_now
from ..transaction import transaction
from . import compute
from .tender_facts import rebuild_facts

oversight = AppGroup("oversight", help="Red-flag indicators.")


@oversight.command("refresh")
def refresh() -> None:
    """Recompute every indicator for every real tender, the board-wide outliers with them."""
    if not current_app.config.get("PUBLIC_URL"):
        raise click.ClickException("set PUBLIC_URL (or TENDER_BOARD_PUBLIC_URL): the indicators read the compiled "
                                   "releases, whose links start with the board's public address")
    with transaction():
        tenders, raised = compute.refresh(clock_now())
    click.echo(f"{tenders} tenders judged, {raised} flags raised")


@oversight.command("rebuild")
def rebuild() -> None:
    """Rebuild the facts table the dashboard counts, for every published tender (after a bulk load)."""
    with transaction():
        count = rebuild_facts()
    click.echo(f"facts of {count} tenders rebuilt")
