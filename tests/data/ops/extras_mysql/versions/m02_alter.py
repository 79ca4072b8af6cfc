"""MySQL MODIFY, CHANGE and defaults

Revision ID: m02
Revises: m01
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = "m02"
down_revision = "m01"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("gadget", "kind", existing_type=mysql.VARCHAR(length=1), type_=sa.String(length=4),
                    existing_nullable=False, existing_server_default="a")
    op.alter_column("gadget", "code", new_column_name="sku", existing_type=mysql.VARCHAR(length=32),
                    existing_nullable=False, existing_comment="the code")
    op.alter_column("gadget", "body", server_default=None, existing_type=mysql.LONGTEXT())
    op.alter_column("gadget", "price", server_default="1.00", existing_type=mysql.DECIMAL(precision=10, scale=2))
    op.alter_column("gadget", "made", existing_type=mysql.DATETIME(fsp=6), server_default=sa.text("CURRENT_TIMESTAMP(6)"),
                    existing_nullable=True)
    op.create_foreign_key("fk_part_gadget", "part", "gadget", ["gadget_id"], ["id"], ondelete="CASCADE")
    op.create_index("ix_part_gadget", "part", ["gadget_id"])
    op.create_check_constraint("ck_gadget_price", "gadget", "price >= 0")
    op.create_table_comment("part", "parts of gadgets")


def downgrade():
    op.drop_table_comment("part", existing_comment="parts of gadgets")
    op.drop_constraint("ck_gadget_price", "gadget", type_="check")
    op.drop_constraint("fk_part_gadget", "part", type_="foreignkey")
    op.drop_index("ix_part_gadget", table_name="part")
    op.alter_column("gadget", "made", existing_type=mysql.DATETIME(fsp=6), server_default=None, existing_nullable=True)
    op.alter_column("gadget", "price", server_default=None, existing_type=mysql.DECIMAL(precision=10, scale=2))
    op.alter_column("gadget", "sku", new_column_name="code", existing_type=mysql.VARCHAR(length=32),
                    existing_nullable=False, existing_comment="the code")
    op.alter_column("gadget", "kind", existing_type=sa.String(length=4), type_=mysql.VARCHAR(length=1),
                    existing_nullable=False, existing_server_default="a")
