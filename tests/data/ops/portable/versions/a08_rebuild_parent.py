"""rebuild the parent table while children hold rows

Revision ID: a08
Revises: a07
"""
from alembic import op
import sqlalchemy as sa

revision = "a08"
down_revision = "a07"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("account") as batch_op:
        batch_op.alter_column("email", existing_type=sa.String(length=120), type_=sa.String(length=255),
                              existing_nullable=False)
        batch_op.drop_column("avatar")
    with op.batch_alter_table("article") as batch_op:
        batch_op.drop_column("views")


def downgrade():
    with op.batch_alter_table("article") as batch_op:
        batch_op.add_column(sa.Column("views", sa.Integer(), server_default="0", nullable=False))
    with op.batch_alter_table("account") as batch_op:
        batch_op.add_column(sa.Column("avatar", sa.LargeBinary(), nullable=True))
        batch_op.alter_column("email", existing_type=sa.String(length=255), type_=sa.String(length=120),
                              existing_nullable=False)
