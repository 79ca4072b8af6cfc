"""gizmo, with the application's own types and constants

Revision ID: g01
Revises:
"""
from alembic import op
import sqlalchemy as sa

from shopapp import types as app_types
from shopapp.types import GIZMO_TABLE, GUID, NAME_LENGTH, Timestamp

revision = "g01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        GIZMO_TABLE,
        sa.Column("id", GUID(), nullable=False),
        sa.Column("name", sa.String(length=NAME_LENGTH), nullable=False),
        sa.Column("made", Timestamp(timezone=True), nullable=True),
        sa.Column("price", app_types.Price(), nullable=True),
        sa.Column("spec", app_types.Document(dict), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_gizmo_name", GIZMO_TABLE, ["name"])


def downgrade():
    op.drop_index("ix_gizmo_name", table_name=GIZMO_TABLE, postgresql_using="btree")
    op.drop_table(GIZMO_TABLE)
