"""SQLAlchemy 1.4 constructs real projects use: naming conventions on unnamed indexes and constraints,
module-level indexes on expressions, imperative and decorator mappings, a Table in a class body,
foreign keys by column key, generated columns and dialect types."""
import sqlalchemy as sa
from sqlalchemy import Column, ForeignKey, Index, Integer, MetaData, String, Table, func
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import declarative_base, registry

convention = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
Base = declarative_base(metadata=MetaData(naming_convention=convention))


class Author(Base):
    __tablename__ = "author"
    ident = Column("id", Integer, primary_key=True, key="ident")
    email = Column(String(120), nullable=False, unique=True)
    name = Column(String(80), nullable=False)
    __table_args__ = (Index(None, "name"), sa.CheckConstraint("length(name) > 0", name="name_not_empty"))


class Book(Base):
    __tablename__ = "book"
    id = Column(Integer, sa.Identity(start=10), primary_key=True)
    author_id = Column(Integer, ForeignKey("author.ident"), nullable=False)
    title = Column(String(200), nullable=False)
    pages = Column(Integer)
    pages_x2 = Column(Integer, sa.Computed("pages * 2"))
    tags = Column(postgresql.ARRAY(String(20), dimensions=2))
    updated = Column(sa.DateTime, server_default=func.now(), server_onupdate=sa.FetchedValue())


Index("ix_book_title_desc", Book.title.desc())
Index("ix_book_title_lower", func.lower(Book.title))

class Ticket(Base):
    __tablename__ = "ticket"
    id = Column(Integer, sa.Sequence("ticket_seq", start=100), primary_key=True)
    code = Column(String(12), default=sa.Sequence("ticket_code_seq", optional=True), nullable=False)


mapper_registry = registry()


@mapper_registry.mapped
class Shelf:
    __tablename__ = "shelf"
    id = Column(Integer, primary_key=True)
    label = Column(String(40))


class Legacy(Base):
    __table__ = Table(
        "legacy",
        Base.metadata,
        Column("id", Integer, primary_key=True),
        Column("code", String(10), nullable=False),
    )


class Loan:
    pass


loan_table = Table(
    "loan",
    mapper_registry.metadata,
    Column("id", Integer, primary_key=True),
    Column("shelf_id", Integer, ForeignKey("shelf.id")),
)
mapper_registry.map_imperatively(Loan, loan_table)

GeneratedBase = mapper_registry.generate_base()


class Reader(GeneratedBase):
    __tablename__ = "reader"
    id = Column(Integer, primary_key=True)
    shelf_id = Column(ForeignKey("shelf.id"), nullable=True)
    name = Column(String(40), nullable=False, index=True)
