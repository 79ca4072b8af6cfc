from .. import db
from .base import IdMixin
from .user import User


class Post(IdMixin, db.Model):
    user_id = db.Column(db.ForeignKey(User.id))
    title = db.Column(db.String(100))
