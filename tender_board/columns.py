"""Column types shared by the models: UTC timestamps, enums with CHECK constraints, money."""

import enum
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum, Numeric, TypeDecorator

# 15 digits with 3 places: exact as an SQLite REAL and as a PostgreSQL numeric.
MONEY = Numeric(15, 3, asdecimal=True)


class UTCDateTime(TypeDecorator):
    """Stored in UTC; a naive datetime is refused, never guessed; read back timezone-aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime refused: give a timezone-aware value")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def enum_column(enum_class: type[enum.Enum], name: str) -> Enum:
    """A VARCHAR holding the enum's values, with a named CHECK constraint listing them."""
    return Enum(enum_class, name=name, native_enum=False, create_constraint=True,
                length=24, validate_strings=True,
                values_callable=lambda members: [m.value for m in members])
