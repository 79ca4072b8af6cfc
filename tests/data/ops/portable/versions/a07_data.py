"""seed data

Revision ID: a07
Revises: a06
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.sql import table, column

revision = "a07"
down_revision = "a06"
branch_labels = None
depends_on = None

account = table(
    "account",
    column("id", sa.Integer),
    column("email", sa.String),
    column("name", sa.Unicode),
    column("is_admin", sa.Boolean),
    column("balance", sa.Numeric),
    column("score", sa.Float),
    column("big", sa.BigInteger),
)


def upgrade():
    op.bulk_insert(account, [
        {"id": 1, "email": "ada@example.com", "name": "Ada O'Neil", "is_admin": True, "balance": 10.5, "score": 1.25,
         "big": 9000000000},
        {"id": 2, "email": "bob@example.com", "name": None, "is_admin": False, "balance": -3, "score": 0.0, "big": 1},
    ])
    article = sa.table("article", sa.column("id", sa.Integer), sa.column("account_id", sa.Integer),
                       sa.column("slug", sa.String), sa.column("title", sa.String))
    op.bulk_insert(article, [
        {"id": 1, "account_id": 1, "slug": "first", "title": "First"},
        {"id": 2, "account_id": 1, "slug": "second", "title": "Second"},
        {"id": 3, "account_id": 2, "slug": "third", "title": "Third"},
    ])
    op.execute("UPDATE account SET nickname = 'ada' WHERE id = 1")
    op.execute(sa.text("UPDATE article SET views = 7 WHERE slug = 'first'"))


def downgrade():
    op.execute("DELETE FROM article")
    op.execute("DELETE FROM account")
