"""An autocommit block, as projects write for PostgreSQL: here it commits and runs as the rest

Revision ID: m06
Revises: m05
"""
from alembic import op
import sqlalchemy as sa

revision = "m06"
down_revision = "m05"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("person", sa.Column("joined", sa.DateTime(), nullable=True))
    with op.get_context().autocommit_block():
        op.create_index("ix_person_joined", "person", ["joined"], unique=False, postgresql_concurrently=True)
        op.execute("UPDATE person SET joined = '2024-01-02 03:04:05'")
    op.create_index("ix_person_email_joined", "person", ["email", "joined"])


def downgrade():
    op.drop_index("ix_person_email_joined", table_name="person")
    with op.get_context().autocommit_block():
        op.drop_index("ix_person_joined", table_name="person", postgresql_concurrently=True)
    op.drop_column("person", "joined")
