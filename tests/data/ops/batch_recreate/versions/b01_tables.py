"""Tables to rebuild: a shelf with a SERIAL key, a unique name, defaults, an enum and indexes; loans of members

Revision ID: b01
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "b01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "shelf",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=20), server_default="misc", nullable=False, comment="printed on the shelf"),
        # PostgreSQL: Alembic's copy would CREATE TYPE shelf_kind again and fail (Retort's does not).
        sa.Column("kind", sa.Enum("wood", "metal", name="shelf_kind").with_variant(sa.String(length=5), "postgresql"), nullable=True),
        sa.Column("width", sa.Numeric(precision=6, scale=2), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.UniqueConstraint("name", name="uq_shelf_name"),
        sa.CheckConstraint("width > 0", name="ck_shelf_width"),
    )
    op.create_index("ix_shelf_label", "shelf", ["label"])
    op.create_index("ix_shelf_kind_width", "shelf", ["kind", "width"])
    op.create_table(
        "member",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(length=80), nullable=False),
    )
    op.create_table(
        "loan",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("member.id", name="fk_loan_member", ondelete="CASCADE"), nullable=False),
        sa.Column("days", sa.Integer(), server_default="14", nullable=False),
    )
    op.bulk_insert(
        sa.table("shelf", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("kind", sa.String),
                 sa.column("width", sa.Numeric), sa.column("note", sa.Text)),
        [
            {"id": 1, "name": "north", "kind": "wood", "width": 80, "note": "by the window"},
            {"id": 2, "name": "south", "kind": "metal", "width": 120.5, "note": None},
        ],
    )
    op.execute("INSERT INTO member (id, email) VALUES (1, 'ada@example.org')")
    op.execute("INSERT INTO loan (id, member_id) VALUES (1, 1)")


def downgrade():
    op.drop_table("loan")
    op.drop_table("member")
    op.drop_index("ix_shelf_kind_width", table_name="shelf")
    op.drop_index("ix_shelf_label", table_name="shelf")
    op.drop_table("shelf")
