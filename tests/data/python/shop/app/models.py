"""The shop's models; revisions import the enum and the metadata from here."""
import enum

import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

convention = {
    "ix": "ix_%(column_0_label)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
}
Base = declarative_base(metadata=sa.MetaData(naming_convention=convention))


class Tier(enum.Enum):
    basic = "basic"
    gold = "gold"


class Account(Base):
    __tablename__ = "account"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(40), nullable=False)
    points = sa.Column(sa.Integer, nullable=False, server_default="0")
    tier = sa.Column(sa.String(16))
