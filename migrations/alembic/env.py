"""Alembic environment of the spaceship demo.

The database URL is looked up in the same order Retort uses: RETORT_DATABASE_URL, then
SQLALCHEMY_DATABASE_URI in instance/config.py (a relative SQLite path is relative to instance/),
then sqlalchemy.url in alembic.ini.
"""
import os
import runpy
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool
from sqlalchemy.engine import make_url

from ourapp.models import db

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

target_metadata = db.metadata

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def database_url():
    url = os.environ.get("RETORT_DATABASE_URL")
    if url:
        return url
    instance = os.path.join(HERE, "instance")
    config_py = os.path.join(instance, "config.py")
    if os.path.exists(config_py):
        url = runpy.run_path(config_py).get("SQLALCHEMY_DATABASE_URI")
        if url:
            parsed = make_url(url)
            if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:" \
                    and not os.path.isabs(parsed.database):
                url = str(parsed.set(database=os.path.join(instance, parsed.database)))
            return url
    return config.get_main_option("sqlalchemy.url")


def run_migrations_offline():
    context.configure(url=database_url(), target_metadata=target_metadata, literal_binds=True,
                      dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    section = config.get_section(config.config_ini_section)
    section["sqlalchemy.url"] = database_url()
    connectable = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
