"""Members and the groups they join: unnamed keys, as autogenerate writes them

Revision ID: u01
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "u01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handle", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("handle"),
    )
    op.create_table(
        "club",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["member.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "membership",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("club_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["club_id"], ["club.id"]),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"]),
        sa.PrimaryKeyConstraint("member_id", "club_id"),
    )


def downgrade():
    op.drop_table("membership")
    op.drop_table("club")
    op.drop_table("member")
