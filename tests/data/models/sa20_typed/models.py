"""SQLAlchemy 2.0 typed declarative: DeclarativeBase, Mapped[...], mapped_column()."""
from __future__ import annotations

import datetime
import decimal
import enum
import uuid
from typing import List, Optional

from sqlalchemy import BigInteger, ForeignKey, MetaData, String, Text, func
from sqlalchemy.orm import DeclarativeBase, Mapped, WriteOnlyMapped, mapped_column, relationship
from typing_extensions import Annotated

intpk = Annotated[int, mapped_column(primary_key=True)]
str50 = Annotated[str, 50]
timestamp = Annotated[datetime.datetime, mapped_column(server_default=func.now())]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
                                           "pk": "pk_%(table_name)s"})
    type_annotation_map = {
        int: BigInteger,
        str50: String(50),
        decimal.Decimal: String(20),
    }


class Status(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Author(Base):
    __tablename__ = "author"

    id: Mapped[intpk]
    name: Mapped[str50]
    nickname: Mapped[Optional[str]]
    email: Mapped[str] = mapped_column(String(200), unique=True)
    homepage: Mapped[str | None] = mapped_column(Text)
    born: Mapped[datetime.date]
    active: Mapped[bool] = mapped_column(default=True)
    score: Mapped[float]
    salary: Mapped[decimal.Decimal]
    avatar: Mapped[Optional[bytes]]
    token: Mapped[uuid.UUID]
    created: Mapped[timestamp]
    forced_null: Mapped[str] = mapped_column(String(10), nullable=True)
    forced_not_null: Mapped[Optional[str]] = mapped_column(String(10), nullable=False)
    renamed: Mapped[int] = mapped_column("renamed_col", index=True)

    books: Mapped[List["Book"]] = relationship(back_populates="author")
    notes: WriteOnlyMapped["Note"] = relationship()


class Book(Base):
    __tablename__ = "book"
    __table_args__ = ({"comment": "books"},)

    id: Mapped[intpk]
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[Status]
    author_id: Mapped[int] = mapped_column(ForeignKey("author.id", ondelete="CASCADE"))
    editor_id: Mapped[Optional[int]] = mapped_column(ForeignKey(Author.id))
    published: Mapped[Optional[datetime.datetime]] = mapped_column(index=True)

    author: Mapped["Author"] = relationship(back_populates="books", foreign_keys=[author_id])


class Note(Base):
    __tablename__ = "note"
    id: Mapped[intpk]
    author_id: Mapped[int] = mapped_column(ForeignKey("author.id"))
    body: Mapped[str] = mapped_column(Text, server_default="")
