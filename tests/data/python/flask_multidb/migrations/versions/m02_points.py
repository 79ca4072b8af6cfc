"""index product names; loyalty points from the customers' mail domains

Revision ID: m02
Revises: m01
Create Date: 2026-12-07 07:01:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = "m02"
down_revision = "m01"
branch_labels = None
depends_on = None


def upgrade(engine_name):
    globals()["upgrade_%s" % engine_name]()


def downgrade(engine_name):
    globals()["downgrade_%s" % engine_name]()


def upgrade_():
    op.create_index(op.f("ix_product_name"), "product", ["name"], unique=False)


def downgrade_():
    op.drop_index(op.f("ix_product_name"), table_name="product")


def upgrade_users():
    op.add_column("customer", sa.Column("points", sa.Integer(), server_default="0", nullable=False))
    # A data migration: only Python can run it.
    connection = op.get_bind()
    for customer_id, email in connection.execute(sa.text("SELECT id, email FROM customer")).fetchall():
        points = 100 if email.endswith("@example.com") else 0
        connection.execute(sa.text("UPDATE customer SET points = :p WHERE id = :i"), {"p": points + customer_id, "i": customer_id})


def downgrade_users():
    with op.batch_alter_table("customer") as batch:
        batch.drop_column("points")
