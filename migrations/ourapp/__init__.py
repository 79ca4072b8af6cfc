"""The spaceship app: a Flask application factory around the models."""
from flask import Flask

from .models import db


def create_app():
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_pyfile("config.py")
    db.init_app(app)
    return app
