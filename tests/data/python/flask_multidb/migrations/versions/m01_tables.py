"""products and customers

Revision ID: m01
Revises:
Create Date: 2026-12-07 07:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = "m01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade(engine_name):
    globals()["upgrade_%s" % engine_name]()


def downgrade(engine_name):
    globals()["downgrade_%s" % engine_name]()


def upgrade_():
    op.create_table("product",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("name", sa.String(length=80), nullable=False),
                    sa.PrimaryKeyConstraint("id"))
    op.bulk_insert(sa.table("product", sa.column("id", sa.Integer), sa.column("name", sa.String)),
                   [{"id": 1, "name": "kettle"}, {"id": 2, "name": "teapot"}])


def downgrade_():
    op.drop_table("product")


def upgrade_users():
    op.create_table("customer",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("email", sa.String(length=120), nullable=False),
                    sa.PrimaryKeyConstraint("id"))
    op.bulk_insert(sa.table("customer", sa.column("id", sa.Integer), sa.column("email", sa.String)),
                   [{"id": 1, "email": "ada@example.com"}, {"id": 2, "email": "bob@example.com"}])


def downgrade_users():
    op.drop_table("customer")
