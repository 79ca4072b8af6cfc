"""an index each engine gets its own way, decided on the dialect as projects do

Revision ID: d02
Revises: d01
"""
from alembic import op
import sqlalchemy as sa

revision = "d02"
down_revision = "d01"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_context().dialect.name == "postgresql":
        op.create_index("ix_account_email_lower", "account", [sa.text("lower(email)")])
    elif op.get_context().dialect.name in ("mysql",):
        op.create_index("ix_account_email_prefix", "account", ["email"])
    else:
        op.create_index("ix_account_email_plain", "account", ["email"])
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        bind.execute(sa.text("UPDATE account SET nickname = 'server' WHERE nickname IS NULL"))
    migration_context = op.get_context()
    if migration_context.dialect.name in ["sqlite"]:
        op.execute("UPDATE account SET nickname = 'file' WHERE nickname IS NULL")
    with migration_context.autocommit_block():
        op.execute("UPDATE account SET email = lower(email)")


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.drop_index("ix_account_email_lower", table_name="account")
    elif bind.dialect.name == "mysql":
        op.drop_index("ix_account_email_prefix", table_name="account")
    else:
        op.drop_index("ix_account_email_plain", table_name="account")
