"""One history, one database per bind: the default database ("") and each key of SQLALCHEMY_BINDS.
Each revision's upgrade(engine_name) runs upgrade_<bind>() on that bind's database, which keeps its
own alembic_version."""
import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
fileConfig(config.config_file_name)
log = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db
binds = [""] + list(current_app.config.get("SQLALCHEMY_BINDS") or {})


def engine_for(bind):
    try:
        return db.get_engine(bind=bind or None)
    except (TypeError, AttributeError):
        return db.engines.get(bind or None)


def metadata_for(bind):
    if hasattr(db, "metadatas"):
        return db.metadatas.get(bind or None)
    return db.metadata


def offline():
    for bind in binds:
        log.info("Writing the script of database %s to %s.sql", bind or "<default>", bind)
        with open("%s.sql" % bind, "w") as out:
            context.configure(url=engine_for(bind).url, output_buffer=out, target_metadata=metadata_for(bind),
                              literal_binds=True, upgrade_token="%s_upgrades" % bind,
                              downgrade_token="%s_downgrades" % bind)
            with context.begin_transaction():
                context.run_migrations(engine_name=bind)


def online():
    for bind in binds:
        log.info("Migrating database %s", bind or "<default>")
        with engine_for(bind).connect() as connection:
            context.configure(connection=connection, target_metadata=metadata_for(bind),
                              upgrade_token="%s_upgrades" % bind, downgrade_token="%s_downgrades" % bind,
                              **current_app.extensions["migrate"].configure_args)
            with context.begin_transaction():
                context.run_migrations(engine_name=bind)


if context.is_offline_mode():
    offline()
else:
    online()
