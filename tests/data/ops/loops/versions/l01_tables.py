"""The same table for every kind of record, from a module-level tuple

Revision ID: l01
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "l01"
down_revision = None
branch_labels = None
depends_on = None

KINDS = ("album", "track")
PREFIX = "rec"


def upgrade():
    for kind in KINDS:
        table = f"{PREFIX}_{kind}"
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column(f"{kind}_code", sa.String(length=10), nullable=False),
            sa.Column("title", sa.String(length=40), nullable=True),
        )
        op.create_index(op.f(f"ix_{table}_{kind}_code"), table, [f"{kind}_code"], unique=True)


def downgrade():
    for kind in reversed(KINDS):
        op.drop_table(f"rec_{kind}")
