"""Tables whose primary key, foreign key and unique constraint have no names, as SQLite leaves them

Revision ID: c01
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "c01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("crew", sa.Column("id", sa.Integer(), primary_key=True))
    op.create_table(
        "pilot",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("crew_id", sa.Integer(), sa.ForeignKey("crew.id"), nullable=True),
        sa.Column("callsign", sa.String(length=20), unique=True),
        sa.Column("hours", sa.Integer(), nullable=True),
        sa.CheckConstraint("hours >= 0", name="hours_positive"),
    )
    op.bulk_insert(sa.table("crew", sa.column("id", sa.Integer)), [{"id": 1}])
    op.bulk_insert(sa.table("pilot", sa.column("id", sa.Integer), sa.column("crew_id", sa.Integer),
                            sa.column("callsign", sa.String), sa.column("hours", sa.Integer)),
                   [{"id": 1, "crew_id": 1, "callsign": "maverick", "hours": 900}])


def downgrade():
    op.drop_table("pilot")
    op.drop_table("crew")
