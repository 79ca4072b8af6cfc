"""Data updates through the connection with literal parameters, as data revisions write them

Revision ID: v02
Revises: v01
"""
import datetime

from alembic import op
import sqlalchemy as sa

revision = "v02"
down_revision = "v01"
branch_labels = None
depends_on = None


def upgrade():
    conn = op.get_bind()
    conn.execute(
        sa.text("UPDATE plan SET name = :name, token = :token WHERE starts < :before AND id = :id"),
        {"name": "it's a \\ plan", "token": None, "before": datetime.date(2024, 1, 1), "id": 1, "unused": 5},
    )
    conn.execute(sa.text("UPDATE plan SET price = :price, created = :at WHERE id = :id"), price=99.5, id=2,
                 at=datetime.datetime(2021, 2, 3, 4, 5, 6))
    op.execute(sa.text("UPDATE plan SET opens = :opens WHERE id = :id").bindparams(opens=datetime.time(6, 30), id=1))
    op.execute(sa.text("UPDATE plan SET created = :at WHERE name = :name").bindparams(at=datetime.datetime(2020, 5, 6, 7, 8, 9), name="team"))
    op.execute(sa.text("UPDATE plan SET name = 'a\\:b' WHERE id = :id").bindparams(id=4))


def downgrade():
    op.execute(sa.text("UPDATE plan SET name = :name WHERE id = :id").bindparams(name="free", id=1))
