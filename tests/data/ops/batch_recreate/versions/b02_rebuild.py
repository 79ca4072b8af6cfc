"""Rebuild the shelf: a new column and index, a column dropped, one widened and one renamed (its index follows)

Revision ID: b02
Revises: b01
"""
from alembic import op
import sqlalchemy as sa

revision = "b02"
down_revision = "b01"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("shelf", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("tiers", sa.SmallInteger(), server_default="4", nullable=False))
        batch_op.drop_column("note")
        batch_op.alter_column("name", existing_type=sa.String(length=40), type_=sa.String(length=60))
        batch_op.alter_column("label", new_column_name="tag", existing_type=sa.String(length=20))
        batch_op.drop_index("ix_shelf_kind_width")
        batch_op.create_index("ix_shelf_tiers", ["tiers"])
    op.execute("INSERT INTO shelf (id, name, tag, tiers) VALUES (3, 'east', 'new', 6)")


def downgrade():
    op.execute("DELETE FROM shelf WHERE id = 3")
    with op.batch_alter_table("shelf", recreate="always") as batch_op:
        batch_op.drop_index("ix_shelf_tiers")
        batch_op.alter_column("tag", new_column_name="label", existing_type=sa.String(length=20))
        batch_op.alter_column("name", existing_type=sa.String(length=60), type_=sa.String(length=40))
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch_op.drop_column("tiers")
        batch_op.create_index("ix_shelf_kind_width", ["kind", "width"])
