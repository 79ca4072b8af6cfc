"""index engine titles

Revision ID: b5c8d2e7f310
Revises: 7a4e2b9c1d05
Create Date: 2026-11-09 11:02:45.004117

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5c8d2e7f310'
down_revision = '7a4e2b9c1d05'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('engine', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_engine_title'), ['title'], unique=False)


def downgrade():
    with op.batch_alter_table('engine', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_engine_title'))
