"""Models of the spaceship app (after the Explore Flask SQLAlchemy chapter)."""
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Engine(db.Model):
    # Columns
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(128), index=True)
    thrust = db.Column(db.Integer, default=0)
    last_fired = db.Column(db.DateTime)

    launches = db.relationship("Launch", backref="engine", lazy="dynamic")


class Launch(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    engine_id = db.Column(db.Integer, db.ForeignKey("engine.id", ondelete="CASCADE"), nullable=False)
    launched_at = db.Column(db.DateTime, nullable=False, server_default=db.func.now())
    outcome = db.Column(db.String(32))
