"""data changes written as SQLAlchemy Core statements

Revision ID: a09
Revises: a08
"""
from alembic import op
import sqlalchemy as sa

revision = "a09"
down_revision = "a08"
branch_labels = None
depends_on = None

account = sa.table(
    "account",
    sa.column("id", sa.Integer),
    sa.column("email", sa.String),
    sa.column("name", sa.Unicode),
    sa.column("nickname", sa.String),
    sa.column("is_admin", sa.Boolean),
)


def upgrade():
    op.execute(
        account.update()
        .where(account.c.name == op.inline_literal("Ada O'Neil"))
        .values({"nickname": op.inline_literal("ada2")})
    )
    op.execute(
        account.update()
        .where(sa.and_(account.c.id >= 1, sa.or_(account.c.is_admin == True, account.c.name.is_(None))))
        .values(nickname="x", is_admin=False)
    )
    op.execute(sa.insert(account).values({"name": "Cy", "id": 3, "email": "cy@example.com"}))
    op.execute(account.update().where(account.c.email.like("cy%")).where(account.c.id != 9).values({"is_admin": True}))


def downgrade():
    op.execute(account.delete().where(account.c.id.in_([3, 4])))
    op.execute(account.update().where(account.c.nickname.isnot(None)).values(nickname=None))
