"""PostgreSQL types, comments, functional and partial indexes

Revision ID: p01
Revises:
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import JSONB

revision = "p01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "device",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("uid", postgresql.UUID(as_uuid=True), nullable=False, comment="stable id"),
        sa.Column("attrs", JSONB(), nullable=True),
        sa.Column("tags", postgresql.ARRAY(sa.String(length=20)), nullable=True),
        sa.Column("seen", postgresql.TIMESTAMP(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("addr", postgresql.INET(), nullable=True),
        sa.Column("uptime", sa.Interval(), nullable=True),
        sa.Column("wake", sa.Time(timezone=True), nullable=True),
        sa.Column("ratio", postgresql.DOUBLE_PRECISION(), nullable=True),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("kind", postgresql.ENUM("phone", "tablet", name="device_kind"), nullable=True),
        sa.Column("User", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_device"),
        comment="devices we know",
    )
    op.create_index("ix_device_lower_name", "device", [sa.text("lower(name)")], unique=False)
    op.create_index("ix_device_seen_recent", "device", ["seen"], postgresql_where=sa.text("seen IS NOT NULL"))
    op.create_table(
        "reading",
        sa.Column("device_id", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("value", sa.Numeric(12, 4), nullable=True),
        sa.ForeignKeyConstraint(["device_id"], ["device.id"], name="fk_reading_device", ondelete="CASCADE",
                                onupdate="CASCADE", deferrable=True, initially="DEFERRED"),
        sa.PrimaryKeyConstraint("device_id", "at"),
    )


def downgrade():
    op.drop_table("reading")
    op.drop_index("ix_device_seen_recent", table_name="device")
    op.drop_index("ix_device_lower_name", table_name="device")
    op.drop_table("device")
    op.execute("DROP TYPE device_kind")
