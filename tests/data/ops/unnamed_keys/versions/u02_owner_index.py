"""An index that covers the owner's foreign key, and a second key to the same column

Revision ID: u02
Revises: u01
"""
from alembic import op
import sqlalchemy as sa

revision = "u02"
down_revision = "u01"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_club_owner_title", "club", ["owner_id", "title"], unique=False)
    op.add_column("club", sa.Column("deputy_id", sa.Integer(), nullable=True))
    op.create_foreign_key(None, "club", "member", ["deputy_id"], ["id"])


def downgrade():
    op.drop_column("club", "deputy_id")
    op.drop_index("ix_club_owner_title", table_name="club")
