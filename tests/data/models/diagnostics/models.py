"""What Retort cannot know without running Python: each is reported with its line."""
import os
import random

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import declared_attr
from geoalchemy2 import Geometry

db = SQLAlchemy()


def timestamp_column():
    return db.Column(db.DateTime)


class Computed(db.Model):
    @declared_attr
    def __tablename__(cls):
        return "t_" + random.choice(["a", "b"])

    id = db.Column(db.Integer, primary_key=True)


class Person(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    created = timestamp_column()
    email = db.Column(Geometry("POINT"), nullable=False)
    name = db.Column(db.String(length=compute_length()))


class Lowered(db.Model):
    @declared_attr
    def __tablename__(cls):
        return cls.__name__.lower()

    id = db.Column(db.Integer, primary_key=True)


for extra in ("nickname", "motto"):
    setattr(Person, extra, db.Column(db.String(40)))

Generated = type("Generated", (db.Model,), {"__tablename__": "generated", "id": db.Column(db.Integer, primary_key=True)})


def audit_columns():
    return [db.Column("at", db.DateTime)]


audit = db.Table("audit", db.Column("id", db.Integer, primary_key=True), *audit_columns())
per_tenant = db.Table(os.environ.get("TENANT", "main") + "_log", db.Column("id", db.Integer, primary_key=True))

if os.environ.get("WITH_ARCHIVE"):
    class Archive(db.Model):
        id = db.Column(db.Integer, primary_key=True)
