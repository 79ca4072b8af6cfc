"""A batch that describes the table itself (copy_from), so Alembic needs no reflection, even with --sql

Revision ID: c03
Revises: c02
"""
from alembic import op
import sqlalchemy as sa

revision = "c03"
down_revision = "c02"
branch_labels = None
depends_on = None

crew = sa.Table(
    "crew",
    sa.MetaData(),
    sa.Column("id", sa.Integer(), primary_key=True),
)


def upgrade():
    with op.batch_alter_table("crew", copy_from=crew) as batch_op:
        batch_op.add_column(sa.Column("name", sa.String(length=40), nullable=True))
        batch_op.alter_column("id", existing_type=sa.Integer(), type_=sa.BigInteger())


def downgrade():
    with op.batch_alter_table("crew", copy_from=sa.Table("crew", sa.MetaData(), sa.Column("id", sa.BigInteger(), primary_key=True),
                                                          sa.Column("name", sa.String(length=40)))) as batch_op:
        batch_op.drop_column("name")
        batch_op.alter_column("id", existing_type=sa.BigInteger(), type_=sa.Integer())
