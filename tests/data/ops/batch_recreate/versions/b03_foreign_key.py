"""Rebuild a table with a foreign key, where Alembic can (MySQL's key names are unique per database)

Revision ID: b03
Revises: b02
"""
from alembic import op
import sqlalchemy as sa

revision = "b03"
down_revision = "b02"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_context().dialect.name != "mysql":
        with op.batch_alter_table("loan", recreate="always") as batch_op:
            batch_op.add_column(sa.Column("returned", sa.Boolean(), nullable=True))
            batch_op.alter_column("days", existing_type=sa.Integer(), server_default="21")
    op.execute("INSERT INTO loan (id, member_id) VALUES (2, 1)")


def downgrade():
    op.execute("DELETE FROM loan WHERE id = 2")
    if op.get_context().dialect.name != "mysql":
        with op.batch_alter_table("loan", recreate="always") as batch_op:
            batch_op.alter_column("days", existing_type=sa.Integer(), server_default="14")
            batch_op.drop_column("returned")
