"""post editor with a foreign key

Revision ID: a05
Revises: a04
"""
from alembic import op
import sqlalchemy as sa

revision = "a05"
down_revision = "a04"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("post") as batch_op:
        batch_op.add_column(sa.Column("editor_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_post_editor", "account", ["editor_id"], ["id"], ondelete="SET NULL")


def downgrade():
    with op.batch_alter_table("post") as batch_op:
        batch_op.drop_constraint("fk_post_editor", type_="foreignkey")
        batch_op.drop_column("editor_id")
