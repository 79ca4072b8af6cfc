"""An @as_declarative base that carries columns and a declared_attr __tablename__, a foreign key whose
type comes from a __table__ table, and MySQL column and index options."""
import sqlalchemy as sa
from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import as_declarative, declarative_base, declared_attr
from sqlalchemy.types import TypeDecorator


class Document(TypeDecorator):
    """Its __init__ keeps a Python-side schema; the column is JSON unless a column type is given."""

    impl = sa.JSON
    cache_ok = True

    def __init__(self, schema, column_type=None):
        super().__init__()
        self.schema = schema
        if column_type is not None:
            self.impl = column_type


@as_declarative(metadata=sa.MetaData(naming_convention={"fk": "fk_%(table_name)s_%(column_0_name)s"}))
class Base:
    id = Column(Integer, primary_key=True)
    created = Column(sa.DateTime, server_default=sa.func.now())

    @declared_attr
    def __tablename__(cls):
        return cls.__name__.lower()


class Author(Base):
    name = Column(String(80), nullable=False)


# A class with __table__ cannot inherit Base's columns (SQLAlchemy raises), so it has a base of its own on the
# same MetaData.
Plain = declarative_base(metadata=Base.metadata)


class Region(Plain):
    __table__ = Table("region", Base.metadata, Column("code", String(10), primary_key=True), Column("label", String(40)))


class Book(Base):
    author_id = Column(ForeignKey("author.id"), nullable=False)
    region_code = Column(ForeignKey("region.code"))
    flags = Column(mysql.SET("draft", "public"))
    blurb = Column(mysql.TEXT(charset="utf8mb4", collation="utf8mb4_bin"))
    title = Column(mysql.VARCHAR(120, charset="latin1"))
    spec = Column(Document(dict))
    __table_args__ = (
        sa.Index("ix_book_blurb", "blurb", mysql_prefix="FULLTEXT"),
        sa.Index("ix_book_title", "title", mysql_length=20),
    )
