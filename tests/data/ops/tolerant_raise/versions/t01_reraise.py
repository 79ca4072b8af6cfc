"""A try/except whose handler re-raises errors it does not expect

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
        if "no such column" in str(exx.orig).lower():
            print("Nothing to do.")
        else:
            print("Could not add column 'id' to table 'gadget'.")
            raise


def downgrade():
    op.drop_table("gadget")
