"""Flask-SQLAlchemy 3.1 with a SQLAlchemy 2.0 DeclarativeBase as model_class."""
from typing import Optional

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_sqlalchemy import SQLAlchemy


class Base(so.DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class UserAccount(db.Model):
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    username: so.Mapped[str] = so.mapped_column(sa.String(64), index=True, unique=True)
    about_me: so.Mapped[Optional[str]] = so.mapped_column(sa.String(140))
    posts: so.WriteOnlyMapped["BlogPost"] = so.relationship(back_populates="author")


class BlogPost(db.Model):
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    body: so.Mapped[str] = so.mapped_column(sa.String(140))
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey(UserAccount.id), index=True)
    author: so.Mapped[UserAccount] = so.relationship(back_populates="posts")


followers = db.Table(
    "followers",
    sa.Column("follower_id", sa.Integer, sa.ForeignKey("user_account.id"), primary_key=True),
    sa.Column("followed_id", sa.Integer, sa.ForeignKey("user_account.id"), primary_key=True),
)
