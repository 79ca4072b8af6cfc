"""Flask-Migrate's environment: everything comes from the application (current_app)."""
import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
fileConfig(config.config_file_name)
logger = logging.getLogger("alembic.env")


def engine():
    extension = current_app.extensions["migrate"]
    try:
        return extension.db.get_engine()
    except (TypeError, AttributeError):
        return extension.db.engine


def engine_url():
    url = engine().url
    text = url.render_as_string(hide_password=False) if hasattr(url, "render_as_string") else str(url)
    return text.replace("%", "%%")


config.set_main_option("sqlalchemy.url", engine_url())
target_db = current_app.extensions["migrate"].db


def metadata():
    return target_db.metadatas[None] if hasattr(target_db, "metadatas") else target_db.metadata


def offline():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def online():
    with engine().connect() as connection:
        context.configure(connection=connection, target_metadata=metadata(),
                          **current_app.extensions["migrate"].configure_args)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    offline()
else:
    online()
