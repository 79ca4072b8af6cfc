from shop import db


class Product(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(80), nullable=False)
    price_cents = db.Column(db.Integer, nullable=False)
    slug = db.Column(db.String(80))


def slugify(title):
    return "-".join(title.lower().split())
