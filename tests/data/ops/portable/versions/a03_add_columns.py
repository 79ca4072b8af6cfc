"""add columns

Revision ID: a03
Revises: a02
"""
from alembic import op
import sqlalchemy as sa

revision = "a03"
down_revision = "a02"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("account", sa.Column("nickname", sa.String(length=50), nullable=True))
    op.add_column("post", sa.Column("views", sa.Integer(), server_default="0", nullable=False))


def downgrade():
    op.drop_column("post", "views")
    op.drop_column("account", "nickname")
