"""tiers computed by the application's helpers (a: imports the app's models and a helper module)

Revision ID: s02
Revises: s01
"""
from alembic import op
import sqlalchemy as sa

from app import helpers
from app.models import Tier

revision = "s02"
down_revision = "s01"
branch_labels = None
depends_on = None

account = sa.table("account", sa.column("id", sa.Integer), sa.column("points", sa.Integer), sa.column("tier", sa.String))


def upgrade():
    op.add_column("account", sa.Column("tier", sa.String(helpers.TIER_LENGTH), nullable=True))
    bind = op.get_bind()
    for account_id, points in bind.execute(sa.select(account.c.id, account.c.points)).fetchall():
        tier = helpers.tier_for(points)
        assert isinstance(tier, Tier)
        bind.execute(account.update().where(account.c.id == account_id).values(tier=tier.value))


def downgrade():
    with op.batch_alter_table("account") as batch:
        batch.drop_column("tier")
