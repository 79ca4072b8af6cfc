"""names capitalised by a data migration (b: rows selected and updated through op.get_bind())

Revision ID: s03
Revises: s02
"""
from alembic import op
import sqlalchemy as sa

revision = "s03"
down_revision = "s02"
branch_labels = None
depends_on = None


def _rename(transform):
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, name FROM account ORDER BY id")).fetchall()
    for row_id, name in rows:
        bind.execute(sa.text("UPDATE account SET name = :name WHERE id = :id"), {"name": transform(name), "id": row_id})


def upgrade():
    _rename(str.capitalize)


def downgrade():
    _rename(str.lower)
