"""account

Revision ID: d01
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "d01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=120), nullable=False),
        sa.Column("nickname", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(sa.table("account", sa.column("id", sa.Integer), sa.column("email", sa.String)),
                   [{"id": 1, "email": "ada@example.com"}])


def downgrade():
    op.drop_table("account")
