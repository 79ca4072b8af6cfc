"""Seed rows with dates, times, Decimals and UUIDs, as data revisions write them

Revision ID: v01
Revises:
"""
import datetime
import decimal
import uuid
from datetime import date
from decimal import Decimal

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql import column, table

revision = "v01"
down_revision = None
branch_labels = None
depends_on = None

PLAN_ROWS = [
    {"id": 1, "name": "free", "price": Decimal("0"), "starts": date(2023, 6, 30)},
    {"id": 2, "name": "pro", "price": decimal.Decimal("12.50"), "starts": datetime.date(2024, 2, 29)},
]


def upgrade():
    plan = op.create_table(
        "plan",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("price", sa.Numeric(10, 2), nullable=False),
        sa.Column("starts", sa.Date(), nullable=True),
        sa.Column("created", sa.DateTime(), nullable=True),
        sa.Column("opens", sa.Time(), nullable=True),
        sa.Column("token", sa.String(length=36), nullable=True),
    )
    op.bulk_insert(plan, PLAN_ROWS)
    event = table(
        "plan",
        column("id", sa.Integer),
        column("name", sa.String),
        column("price", sa.Numeric(10, 2)),
        column("created", sa.DateTime),
        column("opens", sa.Time),
        column("token", sa.String),
    )
    op.bulk_insert(
        event,
        [
            {"id": 3, "name": "team", "price": Decimal("-3.25"), "created": datetime.datetime(2024, 1, 2, 3, 4, 5),
             "opens": datetime.time(8, 30), "token": str(uuid.UUID("{12345678-1234-5678-1234-567812345678}"))},
            {"id": 4, "name": "legacy", "price": Decimal(7), "created": datetime.datetime(1999, 12, 31, 23, 59, 59, 250000),
             "opens": datetime.time(23, 0, 1, 5), "token": None},
        ],
    )
    if op.get_context().dialect.name == "postgresql":
        op.create_table("device", sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True))
        op.bulk_insert(
            table("device", column("id", postgresql.UUID(as_uuid=True))),
            [{"id": uuid.UUID("ABCDEF01-2345-6789-ABCD-EF0123456789")}],
        )


def downgrade():
    if op.get_context().dialect.name == "postgresql":
        op.drop_table("device")
    op.drop_table("plan")
