"""Commands that belong to no single feature: `flask demo`, `flask backup`, `flask restore`,
`flask pages clear`."""

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import ScriptInfo, with_appcontext

from . import backup as backups
from . import demo as demo_data
from .counters import public_changed
from .extensions import bind_migrations, db
from .rendered import forget_all
from .synthetic import REALISTIC, load_synthetic
from .transaction import transaction


@click.command("demo")
@click.option("--synthetic", type=click.IntRange(min=1), default=None,
              help="Add N generated tenders for benchmarks instead: most finished, with bids and awards.")
@with_appcontext
def demo(synthetic: int | None) -> None:
    """Load the demo data set (idempotent), or N synthetic tenders."""
    if synthetic:
        load_synthetic(synthetic, echo=click.echo, mix=REALISTIC)
        with transaction():  # a bulk load publishes without the publish step
            public_changed()
        return
    with transaction():
        loaded = demo_data.load(echo=click.echo)
    if loaded:
        click.echo("demo data loaded")
    else:
        click.echo("demo data already present; nothing changed")


@click.command("backup")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def backup(folder: Path) -> None:
    """Write a consistent copy of the database into FOLDER while the board keeps running."""
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    try:
        written = backups.backup(url, folder)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{written} ({written.stat().st_size:,} bytes)")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.confirmation_option(prompt="Replace everything in the database with the backup?")
@with_appcontext
def restore(file: Path) -> None:
    """Replace the database's contents with a backup written by `flask backup`. Stop the servers first."""
    db.engine.dispose()  # no pooled connection keeps the old file or a lock
    try:
        backups.restore(current_app.config["SQLALCHEMY_DATABASE_URI"], file)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    db.engine.dispose()
    click.echo(f"restored from {file}")


@click.group("pages")
def pages() -> None:
    """The rendered-page store shared by the app servers."""


@pages.command("clear")
@with_appcontext
def clear_pages() -> None:
    """Remove every stored page: each is rendered again on its next read. Pages of an older release
    are never served anyway (the store's key names the release); this frees their space."""
    with transaction():
        removed = forget_all()
    click.echo(f"{removed} stored pages removed")


class MigrationCommands(click.Group):
    """`flask db …`: Flask-Migrate's own commands, loaded (with Alembic) only when they are run."""

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        app = parent.find_object(ScriptInfo).load_app()
        bind_migrations(app)  # puts Flask-Migrate's group in this one's place
        return app.cli.get_command(parent, "db").make_context(info_name, args, parent=parent, **extra)


def init_app(app: Flask) -> None:
    app.cli.add_command(pages)
    if "db" not in app.cli.commands:
        app.cli.add_command(MigrationCommands("db", help="Perform database migrations."))
    app.cli.add_command(demo)
    app.cli.add_command(backup)
    app.cli.add_command(restore)
