"""A revision that tolerates failing statements with try/except, as privacyidea's do

Revision ID: s03
Revises: s02
"""
import logging

from alembic import op
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError, ProgrammingError

revision = "s03"
down_revision = "s02"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)


def upgrade():
    try:
        op.add_column("person", sa.Column("email", sa.String(length=120), nullable=True))
        op.add_column("person", sa.Column("never", sa.Integer(), nullable=True))
    except (OperationalError, ProgrammingError) as exx:
        if "duplicate column name" in str(exx.orig).lower() or "already exists" in str(exx.orig).lower():
            print("Column 'email' already exists.")
        else:
            print("Could not add column 'email' to table 'person'.")
            print(exx)
            raise
    try:
        op.add_column("person", sa.Column("nickname", sa.String(length=40), nullable=True))
    except Exception as exx:
        log.warning("Could not add column 'nickname': %s", exx)
    try:
        op.create_index("ix_person_nickname", "person", ["nickname"])
    except KeyError:
        pass


def downgrade():
    op.drop_index("ix_person_nickname", table_name="person")
    op.drop_column("person", "nickname")
