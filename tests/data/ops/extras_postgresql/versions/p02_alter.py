"""PostgreSQL ALTERs outside batch mode

Revision ID: p02
Revises: p01
"""
from alembic import op
import sqlalchemy as sa

revision = "p02"
down_revision = "p01"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("reading", sa.Column("note", sa.String(length=10), nullable=True))
    op.alter_column("reading", "note", existing_type=sa.String(length=10), type_=sa.Integer(),
                    postgresql_using="note::integer")
    op.alter_column("reading", "value", existing_type=sa.Numeric(12, 4), nullable=False, server_default="0",
                    comment="measured value")
    op.alter_column("device", "name", new_column_name="label", existing_type=sa.String(length=60))
    op.create_unique_constraint("uq_device_label", "device", ["label"])
    op.create_check_constraint("ck_reading_value", "reading", "value >= 0")
    op.add_column("device", sa.Column("parent_id", sa.BigInteger(), nullable=True))
    op.create_foreign_key("fk_device_parent", "device", "device", ["parent_id"], ["id"], ondelete="SET NULL")
    op.create_table_comment("reading", "sensor readings", existing_comment=None)
    op.drop_table_comment("device", existing_comment="devices we know")


def downgrade():
    op.create_table_comment("device", "devices we know")
    op.drop_table_comment("reading", existing_comment="sensor readings")
    op.drop_constraint("fk_device_parent", "device", type_="foreignkey")
    op.drop_column("device", "parent_id")
    op.drop_constraint("ck_reading_value", "reading", type_="check")
    op.drop_constraint("uq_device_label", "device", type_="unique")
    op.alter_column("device", "label", new_column_name="name", existing_type=sa.String(length=60))
    op.alter_column("reading", "value", existing_type=sa.Numeric(12, 4), nullable=True, server_default=None, comment=None)
    op.drop_column("reading", "note")
