"""create post with foreign keys and indexes

Revision ID: a02
Revises: a01
"""
from alembic import op
import sqlalchemy as sa

revision = "a02"
down_revision = "a01"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "post",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), sa.ForeignKey("account.id", name="fk_post_reviewer"), nullable=True),
        sa.Column("title", sa.String(length=200), server_default="untitled", nullable=True),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], name="fk_post_account", ondelete="CASCADE"),
    )
    op.create_index(op.f("ix_post_title"), "post", ["title"], unique=False)
    op.create_index("ix_post_slug", "post", ["slug"], unique=True)
    op.create_index("ix_post_account_title", "post", ["account_id", "title"])


def downgrade():
    # ix_post_account_title goes with the table: MySQL uses it for the foreign key on account_id.
    op.drop_index("ix_post_slug", table_name="post")
    op.drop_index(op.f("ix_post_title"), table_name="post")
    op.drop_table("post")
