"""Flask-SQLAlchemy with every construct a Flask app commonly uses."""
import datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import declared_attr

convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=convention))

tags = db.Table(
    "post_tags",
    db.Column("post_id", db.Integer, db.ForeignKey("post.id", ondelete="CASCADE"), primary_key=True),
    db.Column("tag_id", db.Integer, db.ForeignKey("tag.id"), primary_key=True),
)


class TimestampMixin:
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=db.func.now())
    updated_at = db.Column(db.DateTime, onupdate=datetime.datetime.utcnow)


class OwnedMixin:
    @declared_attr
    def owner_id(cls):
        return db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)


class Base(db.Model):
    __abstract__ = True
    id = db.Column(db.Integer, primary_key=True)


class User(TimestampMixin, Base):
    email = db.Column("email_address", db.String(120), unique=True, nullable=False)
    username = db.Column(db.String(64), index=True, unique=True)
    karma = db.Column(db.Integer, default=0, server_default="0")
    active = db.Column(db.Boolean, nullable=False, server_default=db.true())
    balance = db.Column(db.Numeric(10, 2))
    ratio = db.Column(db.Float(precision=10))
    role = db.Column(db.Enum("admin", "member", name="user_role"))
    bio = db.Column(db.Text, comment="free text")
    posts = db.relationship("Post", backref="author", lazy="dynamic")
    token = db.Column(db.String(40), default=lambda: "x" * 40)


class Tag(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(30), nullable=False)

    __table_args__ = (
        db.UniqueConstraint("name"),
        db.CheckConstraint("length(name) > 1", name="name_long"),
    )


class Post(OwnedMixin, TimestampMixin, db.Model):
    id = db.Column(db.Integer, primary_key=True)
    author_id = db.Column(db.Integer, db.ForeignKey(User.id, ondelete="SET NULL", onupdate="CASCADE"))
    title = db.Column(db.String(200), nullable=False)
    slug = db.Column(db.String(200), nullable=False)
    body = db.Column(db.Text, server_default=db.text("''"))
    tags = db.relationship("Tag", secondary=tags, backref=db.backref("posts", lazy="dynamic"))

    __table_args__ = (
        db.Index("ix_post_title_slug", "title", "slug", unique=True),
        db.UniqueConstraint("author_id", "slug", name="author_slug"),
        {"comment": "blog posts"},
    )


class Revision(db.Model):
    post_id = db.Column(db.Integer, primary_key=True)
    number = db.Column(db.Integer, primary_key=True)
    note = db.Column(db.String(100))

    __table_args__ = (
        db.ForeignKeyConstraint(["post_id"], ["post.id"], ondelete="CASCADE"),
        db.CheckConstraint("number >= 0", name="number_positive"),
    )


class Employee(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(20))
    name = db.Column(db.String(50))
    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "employee"}


class Manager(Employee):
    """Single-table inheritance: no primary key of its own, so it shares the employee table."""
    budget = db.Column(db.Integer)
    __mapper_args__ = {"polymorphic_identity": "manager"}


class Engineer(Employee):
    """Joined-table inheritance: its own primary key, a foreign key to the parent."""
    id = db.Column(db.Integer, db.ForeignKey("employee.id"), primary_key=True)
    language = db.Column(db.String(30), server_default="python")
    __mapper_args__ = {"polymorphic_identity": "engineer"}


class AuditEntry(db.Model):
    __bind_key__ = "audit"
    id = db.Column(db.Integer, primary_key=True)
    message = db.Column(db.String(500), nullable=False)


db.Index("ix_user_karma_active", User.karma, User.active)
