"""rename post to article

Revision ID: a06
Revises: a05
"""
from alembic import op

revision = "a06"
down_revision = "a05"
branch_labels = None
depends_on = None


def upgrade():
    op.rename_table("post", "article")


def downgrade():
    op.rename_table("article", "post")
