"""SQLite: what runs outside batch mode

Revision ID: s01
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "s01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=80), nullable=False),
        sa.Column("body", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("done", sa.Boolean(create_constraint=True, name="ck_note_done"), nullable=True),
        sa.Column("level", sa.Enum("low", "high", name="note_level", create_constraint=True), nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=True),
        sa.Column("key", sa.String(length=10), nullable=True),
        sa.Column("parent_id", sa.Integer(), sa.ForeignKey("note.id", ondelete="SET NULL"), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_note"),
        sa.Index("ix_note_title", "title"),
    )
    op.create_index("ix_note_lower_title", "note", [sa.text("lower(title)")])
    with op.batch_alter_table("note") as batch_op:
        batch_op.add_column(sa.Column("rank", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_index("ix_note_rank", ["rank"], unique=False)
    op.add_column("note", sa.Column("summary", sa.String(length=200), nullable=True))
    op.alter_column("note", "summary", new_column_name="abstract")
    op.rename_table("note", "memo")
    op.bulk_insert(
        sa.Table("memo", sa.MetaData(), sa.Column("id", sa.Integer()), sa.Column("title", sa.String()),
                 sa.Column("done", sa.Boolean())),
        [{"id": 1, "title": "first", "done": True}, {"id": 2, "title": "it's", "done": False}],
    )


def downgrade():
    op.execute("DELETE FROM memo")
    op.rename_table("memo", "note")
    op.alter_column("note", "abstract", new_column_name="summary")
    op.drop_column("note", "summary")
    with op.batch_alter_table("note") as batch_op:
        batch_op.drop_index("ix_note_rank")
    op.drop_column("note", "rank")
    op.drop_index("ix_note_lower_title", table_name="note")
    op.drop_table("note")
