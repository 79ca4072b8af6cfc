"""MySQL column and index options projects pass: SET, CHARACTER SET/COLLATE, FULLTEXT, prefix lengths

Revision ID: m05
Revises: m04
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = "m05"
down_revision = "m04"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("person", sa.Column("bio", mysql.TEXT(charset="utf8mb4", collation="utf8mb4_bin"), nullable=True))
    op.add_column("person", sa.Column("flags", mysql.SET("admin", "beta"), nullable=True))
    op.create_index("ix_person_bio", "person", ["bio"], mysql_prefix="FULLTEXT")
    op.create_index("ix_person_homepage", "person", ["homepage"], mysql_length=40)
    op.create_index("ix_person_nick_email", "person", ["nickname", "email"], mysql_length={"nickname": 10, "email": 20})


def downgrade():
    op.drop_index("ix_person_nick_email", table_name="person")
    op.drop_index("ix_person_homepage", table_name="person")
    op.drop_index("ix_person_bio", table_name="person")
    op.drop_column("person", "flags")
    op.drop_column("person", "bio")
