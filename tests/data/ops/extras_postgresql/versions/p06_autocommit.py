"""Statements PostgreSQL runs outside a transaction: an autocommit block, concurrent indexes

Revision ID: p06
Revises: p05
"""
from alembic import op
import sqlalchemy as sa

revision = "p06"
down_revision = "p05"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("person", sa.Column("joined", sa.DateTime(), nullable=True))
    with op.get_context().autocommit_block():
        op.execute("ALTER TYPE device_kind ADD VALUE 'watch'")
        op.create_index("ix_person_joined", "person", ["joined"], unique=False, postgresql_concurrently=True)
    op.create_index("ix_person_role_joined", "person", ["role", "joined"])


def downgrade():
    op.drop_index("ix_person_role_joined", table_name="person")
    with op.get_context().autocommit_block():
        op.drop_index("ix_person_joined", table_name="person", postgresql_concurrently=True)
    op.drop_column("person", "joined")
