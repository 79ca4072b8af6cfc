"""audit columns through the plugin env.py imports (e)

Revision ID: s06
Revises: s05
"""
from alembic import op

revision = "s06"
down_revision = "s05"
branch_labels = None
depends_on = None


def upgrade():
    op.add_audit_columns("event")


def downgrade():
    op.drop_audit_columns("event")
