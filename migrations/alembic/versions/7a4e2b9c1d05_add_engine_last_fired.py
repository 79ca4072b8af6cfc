"""add engine.last_fired

Revision ID: 7a4e2b9c1d05
Revises: 3d1f0c6a9b21
Create Date: 2026-11-05 16:40:02.551930

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7a4e2b9c1d05'
down_revision = '3d1f0c6a9b21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('engine', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_fired', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('engine', schema=None) as batch_op:
        batch_op.drop_column('last_fired')
