"""Engine set-up per database: SQLite pragmas, write transactions that start IMMEDIATE, and the
JSON columns' reader."""

import json
import re

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# A UTF-16 surrogate written as a JSON escape (how json.dumps stores one): usually half of a
# pair, which json.loads joins; a lone one is what a value stored before the input boundary
# refused them may hold.
ESCAPED_SURROGATE = re.compile(r"\\u[dD][89abcdefABCDEF]")
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever spelling the operator gave."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def read_json(stored: str | bytes):
    """A JSON column's value as stored, except that a lone surrogate reads as U+FFFD: text that
    cannot be encoded as UTF-8 must not turn a page, a feed or an answer into a 500."""
    value = json.loads(stored)
    text = stored if isinstance(stored, str) else stored.decode("utf-8", "replace")
    return _replace_surrogates(value) if ESCAPED_SURROGATE.search(text) else value


def _replace_surrogates(value):
    if isinstance(value, str):
        return LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_replace_surrogates(key): _replace_surrogates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_replace_surrogates(item) for item in value]
    return value


def engine_options(configured: dict | None) -> dict:
    """The operator's engine options, with the JSON reader above unless they chose another."""
    return {"json_deserializer": read_json, **(configured or {})}


BUSY_TIMEOUT_MS = 10000  # how long a write waits for another to finish


def configure_engine(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)


def _sqlite_connect(dbapi_connection, _record) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself, so it can choose IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", f"busy_timeout={BUSY_TIMEOUT_MS}",
                   "synchronous=NORMAL"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection) -> None:
    # A write that starts DEFERRED and upgrades later can fail at once with "database is
    # locked"; IMMEDIATE waits for the busy timeout instead. Reads stay concurrent.
    # A connection opened to write during a read (`execution_options(writes=True)`) writes too.
    # A command that only reads (`execution_options(reads_only=True)`: `flask ledger verify`) must
    # not hold the write lock for its minutes: publications go on meanwhile.
    options = connection.get_execution_options()
    reading = has_request_context() and request.method in READ_METHODS and not options.get("writes")
    if reading or options.get("reads_only"):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
