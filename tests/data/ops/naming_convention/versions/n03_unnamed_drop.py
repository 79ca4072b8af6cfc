"""Drop a primary key by None: the convention's pk_%(table_name)s names it, as SQLAlchemy does

Revision ID: n03
Revises: n02
"""
from alembic import op
import sqlalchemy as sa

revision = "n03"
down_revision = "n02"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("badge", sa.Column("code", sa.String(length=10), primary_key=True), sa.Column("label", sa.String(length=20)))
    with op.batch_alter_table("badge") as batch_op:
        batch_op.drop_constraint(None, type_="primary")


def downgrade():
    op.drop_table("badge")
