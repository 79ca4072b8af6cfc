"""email, added only where it is missing (c: sa.inspect(op.get_bind()) decides)

Revision ID: s04
Revises: s03
"""
from alembic import op
import sqlalchemy as sa

revision = "s04"
down_revision = "s03"
branch_labels = None
depends_on = None


def _columns(table):
    return {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade():
    if "email" not in _columns("account"):
        op.add_column("account", sa.Column("email", sa.String(120), nullable=True))
    if "email" not in _columns("event"):
        op.create_index("ix_event_kind", "event", ["kind"])


def downgrade():
    if "email" in _columns("account"):
        with op.batch_alter_table("account") as batch:
            batch.drop_column("email")
    op.drop_index("ix_event_kind", table_name="event")
