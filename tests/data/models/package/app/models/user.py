from app import db

from .base import NAME_LENGTH, IdMixin


class User(IdMixin, db.Model):
    name = db.Column(db.String(NAME_LENGTH), nullable=False)
