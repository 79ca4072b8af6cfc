"""create engine table

Revision ID: 3d1f0c6a9b21
Revises:
Create Date: 2026-11-02 09:14:27.318004

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3d1f0c6a9b21'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'engine',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=128), nullable=True),
        sa.Column('thrust', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade():
    op.drop_table('engine')
