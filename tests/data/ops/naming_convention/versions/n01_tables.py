"""Tables whose constraints and indexes the naming convention names

Revision ID: n01
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "n01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "team",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(length=10), unique=True),
        sa.Column("name", sa.String(length=40), index=True),
        sa.CheckConstraint("length(code) > 1", name="code_long"),
    )
    op.create_table(
        "member",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("team.id"), nullable=True),
        sa.Column("email", sa.String(length=80), nullable=True),
        sa.UniqueConstraint("email"),
    )
    op.create_index(None, "member", ["email", "team_id"])


def downgrade():
    op.drop_index("ix_member_email", table_name="member")
    op.drop_table("member")
    op.drop_table("team")
