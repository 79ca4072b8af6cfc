"""Drop unnamed constraints by the names a batch naming_convention gives them (Alembic's documented recipe)

Revision ID: c02
Revises: c01
"""
from alembic import op
import sqlalchemy as sa

revision = "c02"
down_revision = "c01"
branch_labels = None
depends_on = None

naming_convention = {
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def upgrade():
    with op.batch_alter_table("pilot", naming_convention=naming_convention) as batch_op:
        batch_op.execute(sa.text("UPDATE pilot SET hours = :h WHERE callsign = :c").bindparams(h=901, c="maverick"))
        batch_op.drop_constraint("fk_pilot_crew_id_crew", type_="foreignkey")
        batch_op.drop_constraint("uq_pilot_callsign", type_="unique")


def downgrade():
    with op.batch_alter_table("pilot", naming_convention=naming_convention) as batch_op:
        batch_op.create_unique_constraint("uq_pilot_callsign", ["callsign"])
        batch_op.create_foreign_key("fk_pilot_crew_id_crew", "crew", ["crew_id"], ["id"])
