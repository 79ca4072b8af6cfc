"""Constraints added later: unnamed, or named and rewritten by a %(constraint_name)s template

Revision ID: n02
Revises: n01
"""
from alembic import op
import sqlalchemy as sa

revision = "n02"
down_revision = "n01"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("member") as batch_op:
        batch_op.add_column(sa.Column("score", sa.Integer(), nullable=True))
        batch_op.create_check_constraint("score_positive", "score >= 0")
        batch_op.create_unique_constraint(None, ["score", "team_id"])
    with op.batch_alter_table("team") as batch_op:
        batch_op.create_index(None, ["code", "name"])


def downgrade():
    with op.batch_alter_table("team") as batch_op:
        batch_op.drop_index("ix_team_code")
    with op.batch_alter_table("member") as batch_op:
        batch_op.drop_constraint("uq_member_score", type_="unique")
        batch_op.drop_constraint("score_positive", type_="check")
        batch_op.drop_column("score")
