"""Every common type, key and index: comparing it with the database it created finds nothing."""
import datetime

from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Engine(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(128), index=True)
    thrust = db.Column(db.Integer, default=0)
    last_fired = db.Column(db.DateTime)
    active = db.Column(db.Boolean, nullable=False, default=True)
    ratio = db.Column(db.Float)
    price = db.Column(db.Numeric(10, 2))
    code = db.Column(db.String(8), unique=True)
    notes = db.Column(db.Text)
    day = db.Column(db.Date)
    big = db.Column(db.BigInteger)
    small = db.Column(db.SmallInteger)
    blob = db.Column(db.LargeBinary)
    launches = db.relationship("Launch", backref="engine")


class Launch(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    engine_id = db.Column(db.Integer, db.ForeignKey("engine.id", ondelete="CASCADE"), nullable=False)
    launched_at = db.Column(db.DateTime, nullable=False, default=datetime.datetime.utcnow)
    outcome = db.Column(db.String(32))
    __table_args__ = (db.UniqueConstraint("engine_id", "launched_at", name="uq_launch_engine_time"),
                      db.Index("ix_launch_outcome", "outcome", "launched_at"))
