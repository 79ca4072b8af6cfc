"""Column types and constants of the application, as projects write them."""
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.types import CHAR, TypeDecorator

GIZMO_TABLE = "gizmo"
NAME_LENGTH = 80
CONTRACT_BRANCH = "contract"


class GUID(TypeDecorator):
    """UUID on PostgreSQL, CHAR(32) elsewhere."""

    impl = CHAR
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.UUID())
        else:
            return dialect.type_descriptor(CHAR(32))


class Timestamp(TypeDecorator):
    """Timezone-aware everywhere it can be."""

    impl = sa.TIMESTAMP(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.TIMESTAMP(timezone=True))
        elif dialect.name == "sqlite":
            return dialect.type_descriptor(sqlite.DATETIME())
        else:
            return dialect.type_descriptor(sa.TIMESTAMP(timezone=True))


class Price(TypeDecorator):
    impl = sa.Numeric(10, 2)
    cache_ok = True


class Code(TypeDecorator):
    """impl is a class: Code(20) is VARCHAR(20), through TypeDecorator.__init__."""

    impl = sa.String
    cache_ok = True


class Settings(TypeDecorator):
    """Its __init__ takes arguments: only Python knows what it does with them."""

    impl = sa.Text
    cache_ok = True

    def __init__(self, schema, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.schema = schema


class Document(TypeDecorator):
    """Its __init__ keeps a Python-side schema; the column is JSON unless a column type is given."""

    impl = sa.JSON
    cache_ok = True

    def __init__(self, schema, column_type=None):
        super().__init__()
        self.schema = schema
        if column_type is not None:
            self.impl = column_type
