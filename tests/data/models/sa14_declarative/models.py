"""Plain SQLAlchemy 1.x declarative: declarative_base(), Column, Table(..., Base.metadata)."""
import enum

import sqlalchemy as sa
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table
from sqlalchemy.orm import declarative_base, relationship
from sqlalchemy.types import TypeDecorator

metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s_%(referred_column_0_name)s",
})
Base = declarative_base(metadata=metadata)


class Password(TypeDecorator):
    """Stored as a fixed-length string; Retort reads impl."""
    impl = String(60)
    cache_ok = True


class Color(enum.Enum):
    RED = "r"
    GREEN = "g"


class AuditMixin:
    created_by = Column(String(50), server_default=sa.text("'system'"))
    __table_args__ = {"comment": "audited"}


class Member(AuditMixin, Base):
    __tablename__ = "member"
    id = Column(Integer, primary_key=True)
    login = Column(String(40), nullable=False, unique=True)
    password = Column(Password, nullable=False)
    favourite = Column(sa.Enum(Color))
    first = Column(String(30))
    last = Column(String(30))
    groups = relationship("Group", secondary="member_group", back_populates="members")

    __table_args__ = (
        sa.Index("ix_member_name", "last", "first"),
        sa.UniqueConstraint("first", "last"),
    )


class Group(Base):
    __tablename__ = "groups"
    gid = Column("gid", Integer, primary_key=True)
    code = Column(sa.CHAR(3), index=True)
    members = relationship("Member", secondary="member_group", back_populates="groups")


class Vehicle(Base):
    __tablename__ = "vehicle"
    id = Column(Integer, primary_key=True)
    type = Column(String(20))
    owner_id = Column(ForeignKey("member.id", ondelete="CASCADE"))
    __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "vehicle"}


class Truck(Vehicle):
    """Single-table: no __tablename__."""
    payload = Column(sa.Numeric(8, 1))
    __mapper_args__ = {"polymorphic_identity": "truck"}


class Car(Vehicle):
    """Joined: its own table."""
    __tablename__ = "car"
    id = Column(Integer, ForeignKey("vehicle.id"), primary_key=True)
    seats = Column(sa.SmallInteger, nullable=False, server_default="4")
    vin = Column(sa.BigInteger, sa.CheckConstraint("vin > 0", name="vin_positive"))
    __mapper_args__ = {"polymorphic_identity": "car"}


# After the classes: the fk convention uses %(referred_column_0_name)s, which needs the referred tables.
association = Table(
    "member_group",
    Base.metadata,
    Column("member_id", ForeignKey("member.id"), primary_key=True),
    Column("group_id", ForeignKey("groups.gid"), primary_key=True),
    sa.UniqueConstraint("member_id", "group_id", name="member_once"),
)
