"""alter account in batch mode

Revision ID: a04
Revises: a03
"""
from alembic import op
import sqlalchemy as sa

revision = "a04"
down_revision = "a03"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.alter_column("nickname", existing_type=sa.String(length=50), type_=sa.String(length=80),
                              existing_nullable=True)
        batch_op.alter_column("bio", new_column_name="about", existing_type=sa.Text(), existing_nullable=True)
        batch_op.alter_column("score", existing_type=sa.Float(), nullable=False, server_default="0")
        batch_op.create_unique_constraint("uq_account_name", ["name"])
        batch_op.create_check_constraint("ck_account_big", "big > 0")
        batch_op.create_index(batch_op.f("ix_account_name"), ["name"], unique=False)


def downgrade():
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_name"))
        batch_op.drop_constraint("ck_account_big", type_="check")
        batch_op.drop_constraint("uq_account_name", type_="unique")
        batch_op.alter_column("score", existing_type=sa.Float(), nullable=True, server_default=None)
        batch_op.alter_column("about", new_column_name="bio", existing_type=sa.Text(), existing_nullable=True)
        batch_op.alter_column("nickname", existing_type=sa.String(length=80), type_=sa.String(length=50),
                              existing_nullable=True)
