"""A Flask shop with two databases (the default one and "users"), migrated with Flask-Migrate --multidb."""
from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
migrate = Migrate()


def create_app():
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_pyfile("config.py")   # SQLALCHEMY_DATABASE_URI and SQLALCHEMY_BINDS, written by the test
    app.config["SQLALCHEMY_TRACK_MODIFICATIONS"] = False
    db.init_app(app)
    migrate.init_app(app, db)
    from shop import models  # noqa: F401
    return app
