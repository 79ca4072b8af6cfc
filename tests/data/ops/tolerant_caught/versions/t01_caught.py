"""A try/except that catches a failing statement and goes on

Revision ID: t01
Revises:
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError, ProgrammingError

revision = "t01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("gadget", sa.Column("id", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id"))
    try:
        op.add_column("gadget", sa.Column("id", sa.Integer(), nullable=True))
    except (OperationalError, ProgrammingError) as exx:
        msg = str(exx.orig).lower()
        if "duplicate column" in msg or "already exists" in msg:
            print("Column 'id' is there already.")
        else:
            raise
    op.add_column("gadget", sa.Column("name", sa.String(length=40), nullable=True))


def downgrade():
    op.drop_table("gadget")
