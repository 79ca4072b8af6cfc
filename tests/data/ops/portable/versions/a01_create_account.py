"""create account with every portable type

Revision ID: a01
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=120), nullable=False),
        sa.Column("name", sa.Unicode(40)),
        sa.Column("bio", sa.Text(), nullable=True),
        sa.Column("is_admin", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("balance", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("created", sa.DateTime(), server_default=sa.func.now(), nullable=True),
        sa.Column("status", sa.Enum("active", "banned", name="account_status"), nullable=True),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.Column("avatar", sa.LargeBinary(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("rank", sa.SmallInteger(), nullable=True),
        sa.Column("big", sa.BigInteger(), nullable=True),
        sa.Column("birthday", sa.Date(), nullable=True),
        sa.Column("code", sa.VARCHAR(length=10), server_default="x'y", nullable=True),
        sa.Column("note", sa.String(20), server_default=sa.text("'n/a'")),
        sa.Column("handle", sa.String(30), unique=True),
        sa.Column("city", sa.String(40), index=True),
        sa.Column("order", sa.Integer(), nullable=True),
        sa.Column("UserKey", sa.String(8), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email", name="uq_account_email"),
        sa.CheckConstraint("rank >= 0", name="ck_account_rank"),
    )


def downgrade():
    op.drop_index("ix_account_city", table_name="account")
    op.drop_table("account")
