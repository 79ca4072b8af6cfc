"""sample engines

Revision ID: f4d3c2b1a098
Revises: e2f7a1c4b9d6
Create Date: 2026-11-16 08:47:59.601388

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f4d3c2b1a098'
down_revision = 'e2f7a1c4b9d6'
branch_labels = None
depends_on = None


def upgrade():
    engine = sa.table(
        'engine',
        sa.column('id', sa.Integer),
        sa.column('title', sa.String),
        sa.column('thrust', sa.Integer),
    )
    op.bulk_insert(
        engine,
        [
            {'id': 1, 'title': 'Merlin 1D', 'thrust': 845},
            {'id': 2, 'title': 'RS-25', 'thrust': 1860},
            {'id': 3, 'title': 'Raptor 2', 'thrust': 2300},
            {'id': 4, 'title': 'Vulcain 2', 'thrust': 1340},
        ],
    )


def downgrade():
    op.execute("DELETE FROM engine WHERE id IN (1, 2, 3, 4)")
