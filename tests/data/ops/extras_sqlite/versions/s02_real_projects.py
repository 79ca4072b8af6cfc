"""What public projects write: sqlalchemy_utils types and data through op.get_bind()

Revision ID: s02
Revises: s01
"""
from alembic import op
import sqlalchemy as sa
import sqlalchemy_utils
from sqlalchemy_utils import ChoiceType, UUIDType

revision = "s02"
down_revision = "s01"
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
        sa.Column("seen", sqlalchemy_utils.types.arrow.ArrowType(), nullable=True),
        sa.Column("token", sqlalchemy_utils.types.encrypted.encrypted_type.StringEncryptedType(length=255), nullable=True),
        sa.Column("secret", sqlalchemy_utils.EncryptedType(sa.Unicode, "key"), nullable=True),
        sa.Column("address", sqlalchemy_utils.IPAddressType(), nullable=True),
        sa.Column("country", sqlalchemy_utils.CountryType(), nullable=True),
        sa.Column("email_upper", sa.String(length=120), sa.Computed("upper(email)", persisted=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    conn = op.get_bind()
    conn.execute(sa.text("INSERT INTO person (id, role, email) VALUES ('0123456789abcdef0123456789abcdef', 'admin', 'a@b.c')"))
    op.get_bind().execute("UPDATE person SET homepage = 'https://example.com/' WHERE role = 'admin'")


def downgrade():
    bind = op.get_bind()
    bind.execute(sa.text("DELETE FROM person"))
    op.drop_table("person")
