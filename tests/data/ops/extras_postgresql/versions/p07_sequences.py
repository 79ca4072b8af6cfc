"""Sequences and schemas, as projects that share ids across tables write them

Revision ID: p07
Revises: p06
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.schema import CreateSequence, DropSequence, Sequence

revision = "p07"
down_revision = "p06"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(CreateSequence(Sequence("ticket_seq")))
    op.execute(sa.schema.CreateSequence(sa.Sequence("badge_seq", start=100, increment=10, cache=5, cycle=True)))
    op.create_table(
        "ticket",
        sa.Column("id", sa.Integer(), sa.Sequence("ticket_seq"), primary_key=True),
        sa.Column("title", sa.String(length=80), nullable=False),
    )
    op.create_table(
        "badge",
        sa.Column("id", sa.Integer(), sa.Sequence("badge_seq", optional=True), primary_key=True),
        sa.Column("label", sa.String(length=20), nullable=True),
    )
    op.execute(sa.schema.CreateSchema("Audit"))


def downgrade():
    op.execute(sa.schema.DropSchema("Audit", cascade=True))
    op.drop_table("badge")
    op.drop_table("ticket")
    op.execute(DropSequence(Sequence("badge_seq")))
    op.execute(DropSequence(Sequence("ticket_seq")))
