"""create launch table

Revision ID: c91a4f6e2d87
Revises: 7a4e2b9c1d05
Create Date: 2026-11-09 14:21:10.882301

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c91a4f6e2d87'
down_revision = '7a4e2b9c1d05'
branch_labels = ('launches',)
depends_on = None


def upgrade():
    op.create_table(
        'launch',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('engine_id', sa.Integer(), nullable=False),
        sa.Column('launched_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column('outcome', sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(['engine_id'], ['engine.id'], name='fk_launch_engine_id_engine', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade():
    op.drop_table('launch')
