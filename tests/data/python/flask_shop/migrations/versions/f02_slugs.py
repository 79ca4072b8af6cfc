"""slugs filled in from the titles with the application's helper

Revision ID: f02
Revises: f01
"""
from alembic import op
import sqlalchemy as sa
from flask import current_app

from shop.models import slugify

revision = "f02"
down_revision = "f01"
branch_labels = None
depends_on = None


def upgrade():
    assert current_app.name == "shop"
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.add_column(sa.Column("slug", sa.String(length=80), nullable=True))
    bind = op.get_bind()
    for product_id, title in bind.execute(sa.text("SELECT id, title FROM product")).fetchall():
        bind.execute(sa.text("UPDATE product SET slug = :slug WHERE id = :id"), {"slug": slugify(title), "id": product_id})


def downgrade():
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_column("slug")
