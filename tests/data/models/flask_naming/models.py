"""Flask-SQLAlchemy's generated table names: the cases where its 2.x and 3.x rules differ."""
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class BlogPost(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class HTTPRequest(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class UserAPI(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class UserID(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class ABC(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class GPSCoordinates2D(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class OAuth2Token(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class Explicit(db.Model):
    __tablename__ = "explicit_name"
    id = db.Column(db.Integer, primary_key=True)
