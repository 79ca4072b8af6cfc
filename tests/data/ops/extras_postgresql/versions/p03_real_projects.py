"""What public projects write: sqlalchemy_utils types, ARRAY dimensions, JSONB(astext_type=), data through op.get_bind()

Revision ID: p03
Revises: p02
"""
from alembic import op
import sqlalchemy as sa
import sqlalchemy_utils
from sqlalchemy.dialects import postgresql
from sqlalchemy_utils import ChoiceType, UUIDType

revision = "p03"
down_revision = "p02"
branch_labels = None
depends_on = None

ROLE_TYPES = [("admin", "Administrator"), ("user", "User")]


def upgrade():
    op.create_table(
        "person",
        sa.Column("id", sqlalchemy_utils.types.uuid.UUIDType(binary=False), nullable=False),
        sa.Column("legacy_id", UUIDType(), nullable=True),
        sa.Column("role", ChoiceType(ROLE_TYPES), nullable=True),
        sa.Column("level", ChoiceType([(1, "one")], impl=sa.Integer()), nullable=True),
        sa.Column("homepage", sqlalchemy_utils.URLType(), nullable=True),
        sa.Column("email", sqlalchemy_utils.types.email.EmailType(length=120), nullable=True),
        sa.Column("settings", sqlalchemy_utils.types.json.JSONType(), nullable=True),
        sa.Column("seen", sqlalchemy_utils.types.arrow.ArrowType(timezone=True), nullable=True),
        sa.Column("token", sqlalchemy_utils.types.encrypted.encrypted_type.StringEncryptedType(), nullable=True),
        sa.Column("secret", sqlalchemy_utils.EncryptedType(sa.Unicode, "key"), nullable=True),
        sa.Column("search", sqlalchemy_utils.types.ts_vector.TSVectorType("email", regconfig="simple"), nullable=True),
        sa.Column("zone", sqlalchemy_utils.TimezoneType(backend="pytz"), nullable=True),
        sa.Column("meta", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("extra", postgresql.JSON(astext_type=sa.Text(), none_as_null=True), nullable=True),
        sa.Column("tags", sa.ARRAY(sa.String()), nullable=True),
        sa.Column("grid", postgresql.ARRAY(sa.Integer(), dimensions=2), nullable=True),
        sa.Column("serial_no", sa.Integer(), sa.Identity(start=100, increment=5), nullable=False),
        sa.Column("domain", sa.String(length=120), sa.Computed("split_part(email, '@', 2)", persisted=True), nullable=True),
        sa.Column("touched", sa.DateTime(), server_default=sa.text("now()"), server_onupdate=sa.FetchedValue(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    conn = op.get_bind()
    conn.execute(sa.text("INSERT INTO person (id, role, email) VALUES ('0123456789abcdef0123456789abcdef', 'admin', 'a@b.c')"))
    op.get_bind().execute("UPDATE person SET homepage = 'https://example.com/' WHERE role = 'admin'")


def downgrade():
    bind = op.get_bind()
    bind.execute(sa.text("DELETE FROM person"))
    op.drop_table("person")
