"""an index on account names (declarative again)

Revision ID: s08
Revises: s07
"""
from alembic import op

revision = "s08"
down_revision = "s07"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_account_name", "account", ["name"])


def downgrade():
    op.drop_index("ix_account_name", table_name="account")
