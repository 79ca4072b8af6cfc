"""try/except around statements that succeed on PostgreSQL (a caught failure aborts the transaction there)

Revision ID: p04
Revises: p03
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy import exc

revision = "p04"
down_revision = "p03"
branch_labels = None
depends_on = None


def upgrade():
    try:
        op.add_column("person", sa.Column("nickname", sa.String(length=40), nullable=True))
        op.create_index("ix_person_nickname", "person", ["nickname"])
    except exc.ProgrammingError as e:
        if "already exists" not in str(e.orig):
            raise
        print("nickname is there already")


def downgrade():
    op.drop_index("ix_person_nickname", table_name="person")
    op.drop_column("person", "nickname")
