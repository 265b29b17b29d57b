"""`flask oversight refresh`: every indicator over the whole board (the outliers need it)."""

import click
from flask.cli import AppGroup

from ..clock import now as clock_now
from ..transaction import transaction
from . import compute

oversight = AppGroup("oversight", help="Red-flag indicators.")


@oversight.command("refresh")
def refresh() -> None:
    """Recompute every indicator for every real tender, the board-wide outliers with them."""
    with transaction():
        tenders, raised = compute.refresh(clock_now())
    click.echo(f"{tenders} tenders judged, {raised} flags raised")
