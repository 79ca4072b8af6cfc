"""env.py of the autogenerate round-trip test: the models of the project folder, the URL from
RETORT_DATABASE_URL (Retort's form; pymysql for MySQL)."""
import os

from alembic import context
from sqlalchemy import create_engine, pool

from models import db

target_metadata = db.metadata


def run_migrations_online():
    url = os.environ["RETORT_DATABASE_URL"]
    if url.startswith("mysql://"):
        url = "mysql+pymysql://" + url[len("mysql://"):]
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
