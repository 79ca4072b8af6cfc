"""a lookup table through the custom operation env.py registers (d)

Revision ID: s05
Revises: s04
"""
from alembic import op

revision = "s05"
down_revision = "s04"
branch_labels = None
depends_on = None


def upgrade():
    op.create_lookup_table("colour", ["red", "green", "blue"])


def downgrade():
    op.drop_lookup_table("colour")
