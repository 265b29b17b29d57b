"""Commands that belong to no single feature: `flask demo`."""

import click
from flask import Flask
from flask.cli import with_appcontext

from . import demo as demo_data
from .counters import public_changed
from .synthetic import load_synthetic
from .transaction import transaction


@click.command("demo")
@click.option("--synthetic", type=click.IntRange(min=1), default=None,
              help="Add N generated published tenders for benchmarks instead.")
@with_appcontext
def demo(synthetic: int | None) -> None:
    """Load the demo data set (idempotent), or N synthetic tenders."""
    if synthetic:
        load_synthetic(synthetic, echo=click.echo)
        with transaction():  # a bulk load publishes without the publish step
            public_changed()
        return
    with transaction():
        loaded = demo_data.load(echo=click.echo)
    if loaded:
        click.echo("demo data loaded")
    else:
        click.echo("demo data already present; nothing changed")


def init_app(app: Flask) -> None:
    app.cli.add_command(demo)
