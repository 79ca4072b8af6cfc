"""products

Revision ID: f01
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "f01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "product",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=80), nullable=False),
        sa.Column("price_cents", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(
        sa.table("product", sa.column("id", sa.Integer), sa.column("title", sa.String), sa.column("price_cents", sa.Integer)),
        [{"id": 1, "title": "Red Kettle", "price_cents": 2500}, {"id": 2, "title": "Blue Mug", "price_cents": 900}],
    )


def downgrade():
    op.drop_table("product")
