"""A column whose default is a sa.Sequence: SQLite has none, and the table is as without it

Revision ID: s05
Revises: s04
"""
from alembic import op
import sqlalchemy as sa

revision = "s05"
down_revision = "s04"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "ticket",
        sa.Column("id", sa.Integer(), sa.Sequence("ticket_seq"), primary_key=True),
        sa.Column("title", sa.String(length=80), nullable=False),
    )


def downgrade():
    op.drop_table("ticket")
