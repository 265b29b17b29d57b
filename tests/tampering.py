"""SQL run as an intruder with the database owner's rights: the triggers that keep published
notices, documents and the ledger unchanged are removed for the statements, then put back."""

from sqlalchemy import text

from tender_board.extensions import db


def tamper(*statements: str, **params) -> None:
    session = db.session
    session.commit()
    if session.get_bind().dialect.name == "postgresql":
        tables = session.scalars(text("SELECT DISTINCT event_object_table FROM information_schema.triggers")).all()
        for table in tables:
            session.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        for statement in statements:
            session.execute(text(statement), params)
        for table in tables:
            session.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
    else:
        triggers = session.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all()
        for name, _sql in triggers:
            session.execute(text(f'DROP TRIGGER "{name}"'))
        for statement in statements:
            session.execute(text(statement), params)
        for _name, sql in triggers:
            session.execute(text(sql))
    session.commit()
