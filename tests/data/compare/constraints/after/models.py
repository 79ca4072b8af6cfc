from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Owner(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class Item(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(10))
    sku = db.Column(db.String(20))
    owner_id = db.Column(db.Integer, db.ForeignKey("owner.id", ondelete="SET NULL"))
    flag = db.Column(db.Boolean)
    __table_args__ = (db.UniqueConstraint("sku", name="uq_sku"), db.Index("ix_item_code_sku", "code", "sku"))
