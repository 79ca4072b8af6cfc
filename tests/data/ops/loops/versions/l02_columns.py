"""Columns and rows from lists of pairs and a dict

Revision ID: l02
Revises: l01
"""
from alembic import op
import sqlalchemy as sa

revision = "l02"
down_revision = "l01"
branch_labels = None
depends_on = None

LABELS = {"a1": "First album", "a2": "Second {album}"}


def upgrade():
    for table, column in [("rec_album", "year"), ("rec_track", "seconds")]:
        op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
    for code, title in LABELS.items():
        op.execute(
            sa.text("INSERT INTO rec_album (album_code, title) VALUES (:code, :title)").bindparams(code=code, title=title)
        )
    for code in LABELS.keys():
        op.execute(f"UPDATE rec_album SET year = 1999 WHERE album_code = '{code}'")
    for title in LABELS.values():
        op.execute(sa.text("UPDATE rec_album SET year = 2000 WHERE title = :title").bindparams(title=title))


def downgrade():
    for code in LABELS:
        op.execute(sa.text("DELETE FROM rec_album WHERE album_code = :code").bindparams(code=code))
    for table, column in (("rec_track", "seconds"), ("rec_album", "year")):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column(column)
