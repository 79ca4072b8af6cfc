"""A plugin activated by importing it (as alembic_postgresql_enum or alembic_utils are): it adds
op.add_audit_columns() and op.drop_audit_columns() to every revision."""
import sqlalchemy as sa
from alembic.operations import MigrateOperation, Operations


@Operations.register_operation("add_audit_columns")
class AddAuditColumnsOp(MigrateOperation):
    def __init__(self, table_name):
        self.table_name = table_name

    @classmethod
    def add_audit_columns(cls, operations, table_name):
        return operations.invoke(cls(table_name))


@Operations.register_operation("drop_audit_columns")
class DropAuditColumnsOp(MigrateOperation):
    def __init__(self, table_name):
        self.table_name = table_name

    @classmethod
    def drop_audit_columns(cls, operations, table_name):
        return operations.invoke(cls(table_name))


@Operations.implementation_for(AddAuditColumnsOp)
def add_audit_columns(operations, operation):
    operations.add_column(operation.table_name, sa.Column("created_by", sa.String(40), nullable=True))
    operations.add_column(operation.table_name, sa.Column("revision_no", sa.Integer, nullable=False, server_default="1"))


@Operations.implementation_for(DropAuditColumnsOp)
def drop_audit_columns(operations, operation):
    with operations.batch_alter_table(operation.table_name) as batch:
        batch.drop_column("revision_no")
        batch.drop_column("created_by")
