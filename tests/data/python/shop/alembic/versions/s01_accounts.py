"""accounts and events (declarative: Retort runs it natively)

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
        "account",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("points", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "event",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("account.id", name="fk_event_account_id_account"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
    )
    op.execute("INSERT INTO account (id, name, points) VALUES (1, 'ada', 150)")
    op.execute("INSERT INTO account (id, name, points) VALUES (2, 'brian', 20)")
    op.execute("INSERT INTO account (id, name, points) VALUES (3, 'chen', 100)")
    op.execute("INSERT INTO event (id, account_id, kind) VALUES (1, 1, 'login')")
    op.execute("INSERT INTO event (id, account_id, kind) VALUES (2, 3, 'purchase')")


def downgrade():
    op.drop_table("event")
    op.drop_table("account")
