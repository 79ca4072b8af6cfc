"""Index options projects pass: operator classes, INCLUDE columns

Revision ID: p05
Revises: p04
"""
from alembic import op
import sqlalchemy as sa

revision = "p05"
down_revision = "p04"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_person_meta", "person", ["meta"], postgresql_using="gin", postgresql_ops={"meta": "jsonb_path_ops"})
    op.create_index("ix_person_email_pattern", "person", ["email", "role"], postgresql_ops={"email": "text_pattern_ops"},
                    postgresql_include=["nickname"], postgresql_where=sa.text("email IS NOT NULL"))


def downgrade():
    op.drop_index("ix_person_email_pattern", table_name="person")
    op.drop_index("ix_person_meta", table_name="person", postgresql_using="gin")
