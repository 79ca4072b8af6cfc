from app import db

NAME_LENGTH = 80


class IdMixin:
    id = db.Column(db.Integer, primary_key=True)
