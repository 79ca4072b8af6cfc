"""event flags in batch mode, driven by a loop over what a helper returns (f: on SQLite Alembic rebuilds the table)

Revision ID: s07
Revises: s06
"""
from alembic import op
import sqlalchemy as sa

from app.helpers import event_flags

revision = "s07"
down_revision = "s06"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("event") as batch:
        for flag in event_flags():
            batch.add_column(sa.Column(flag, sa.Boolean(create_constraint=False), nullable=False, server_default=sa.false()))
        batch.alter_column("kind", existing_type=sa.String(20), type_=sa.String(40), existing_nullable=False)


def downgrade():
    with op.batch_alter_table("event") as batch:
        batch.alter_column("kind", existing_type=sa.String(40), type_=sa.String(20), existing_nullable=False)
        for flag in reversed(event_flags()):
            batch.drop_column(flag)
