"""The shop's environment: the URL from RETORT_DATABASE_URL (tests) else alembic.ini, the models'
metadata as target_metadata, a custom operation defined here and a plugin activated by import."""
import os

import sqlalchemy as sa
from alembic import context
from alembic.operations import MigrateOperation, Operations
from sqlalchemy import engine_from_config, pool

import plugins.audit  # noqa: F401  (registers op.add_audit_columns)
from app.models import Base

config = context.config
target_metadata = Base.metadata
url = os.environ.get("RETORT_DATABASE_URL") or config.get_main_option("sqlalchemy.url")


@Operations.register_operation("create_lookup_table")
class CreateLookupTableOp(MigrateOperation):
    """op.create_lookup_table(name, values): a code table filled with its values."""

    def __init__(self, name, values):
        self.name = name
        self.values = values

    @classmethod
    def create_lookup_table(cls, operations, name, values):
        return operations.invoke(cls(name, values))


@Operations.register_operation("drop_lookup_table")
class DropLookupTableOp(MigrateOperation):
    def __init__(self, name):
        self.name = name

    @classmethod
    def drop_lookup_table(cls, operations, name):
        return operations.invoke(cls(name))


@Operations.implementation_for(CreateLookupTableOp)
def create_lookup_table(operations, operation):
    table = operations.create_table(operation.name, sa.Column("code", sa.String(20), primary_key=True),
                                    sa.Column("position", sa.Integer, nullable=False))
    operations.bulk_insert(table, [{"code": v, "position": i} for i, v in enumerate(operation.values)])


@Operations.implementation_for(DropLookupTableOp)
def drop_lookup_table(operations, operation):
    operations.drop_table(operation.name)


if context.is_offline_mode():
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = engine_from_config({"sqlalchemy.url": url}, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
