"""MySQL types, table options and comments

Revision ID: m01
Revises:
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = "m01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "gadget",
        sa.Column("id", mysql.INTEGER(display_width=11, unsigned=True), autoincrement=True, nullable=False),
        sa.Column("flag", mysql.TINYINT(display_width=1), server_default=sa.text("'0'"), nullable=False),
        sa.Column("made", mysql.DATETIME(fsp=6), nullable=True),
        sa.Column("body", mysql.LONGTEXT(), nullable=True),
        sa.Column("code", mysql.VARCHAR(length=32), nullable=False, comment="the code"),
        sa.Column("size", mysql.ENUM("s", "m", "l"), nullable=True),
        sa.Column("price", mysql.DECIMAL(precision=10, scale=2), nullable=True),
        sa.Column("touched", sa.TIMESTAMP(), nullable=True),
        sa.Column("key", sa.String(length=20), nullable=True),
        sa.Column("kind", sa.String(length=1), server_default="a", nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code", name="uq_gadget_code"),
        mysql_engine="InnoDB",
        mysql_charset="utf8mb4",
        comment="gadgets",
    )
    op.create_table(
        "part",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("gadget_id", mysql.INTEGER(display_width=11, unsigned=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        mysql_engine="InnoDB",
    )


def downgrade():
    op.drop_table("part")
    op.drop_table("gadget")
