"""merge title index and launches

Revision ID: e2f7a1c4b9d6
Revises: b5c8d2e7f310, c91a4f6e2d87
Create Date: 2026-11-12 10:05:33.170442

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e2f7a1c4b9d6'
down_revision = ('b5c8d2e7f310', 'c91a4f6e2d87')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
