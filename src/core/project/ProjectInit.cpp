#include "project/ProjectInit.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace retort {

namespace {

const char *const kIni = R"(# The settings of this Alembic project (written by retort-cli init). alembic, flask db and
# retort-cli all read this file.

[alembic]
# The folder with env.py and the revisions, relative to this file's folder.
script_location = %1

# Put this folder on sys.path, so that env.py can import the application.
prepend_sys_path = .

# How new revision files are named; Alembic's default is %%(rev)s_%%(slug)s.
# file_template = %%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-%%(rev)s_%%(slug)s
# truncate_slug_length = 40
# timezone =

version_path_separator = os

# The database. RETORT_DATABASE_URL, when set, takes precedence (env.py reads it too).
sqlalchemy.url = driver://user:pass@localhost/dbname


[post_write_hooks]
# Programs run on each new revision file, e.g. a formatter:
# hooks = black
# black.type = console_scripts
# black.entrypoint = black
# black.options = -l 79 REVISION_SCRIPT_FILENAME


# Python logging, for env.py's fileConfig().
[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
# logging reads these raw: single percent signs.
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
)";

const char *const kEnvPy = R"("""How Alembic connects for this project (written by retort-cli init).

The URL comes from RETORT_DATABASE_URL, else sqlalchemy.url in alembic.ini. For autogenerate, point
target_metadata at the MetaData of your models, e.g.

    from myapp.models import Base
    target_metadata = Base.metadata
"""
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

target_metadata = None
url = os.environ.get("RETORT_DATABASE_URL") or config.get_main_option("sqlalchemy.url")


def run_offline():
    """alembic upgrade --sql: the statements are printed, not run."""
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True,
                      dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_online():
    settings = config.get_section(config.config_ini_section) or {}
    settings["sqlalchemy.url"] = url
    engine = engine_from_config(settings, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
)";

const char *const kMako = R"("""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
)";

const char *const kReadme = "An Alembic project for one database, made by retort-cli init.\n"
                            "Revisions go into versions/; run them with retort-cli upgrade, alembic upgrade or flask db upgrade.\n";

Status writeNew(const QString &path, const QByteArray &bytes, QStringList *lines)
{
    if (QFileInfo::exists(path) || QFileInfo(path).isSymLink()) {
        *lines << QStringLiteral("File %1 already exists, skipping").arg(path);
        return Status();
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(QStringLiteral("Cannot write %1: %2.").arg(path, file.errorString()));
    file.write(bytes);
    if (!file.commit())
        return makeError(QStringLiteral("Cannot write %1: %2.").arg(path, file.errorString()));
    *lines << QStringLiteral("Generating %1 ...  done").arg(path);
    return Status();
}

} // namespace

QString defaultScriptTemplate()
{
    return QString::fromUtf8(kMako);
}

QList<ProjectTemplate> projectTemplates()
{
    return {{QStringLiteral("generic"), QStringLiteral("Generic single-database configuration.")}};
}

Result<QStringList> initProject(const InitRequest &request)
{
    bool known = false;
    for (const ProjectTemplate &t : projectTemplates())
        known = known || t.name == request.templateName;
    if (!known)
        return makeError(QStringLiteral("No such template '%1' (retort-cli list_templates shows those Retort has).").arg(request.templateName));
    const QDir base(request.workingDir.isEmpty() ? QDir::currentPath() : request.workingDir);
    const QString dir = QDir::cleanPath(base.absoluteFilePath(request.directory));
    const QString ini = QDir::cleanPath(base.absoluteFilePath(request.iniPath));
    const QFileInfo dirInfo(dir);
    if (dirInfo.isSymLink())
        return makeError(QStringLiteral("%1 is a link; Retort does not create a project through it.").arg(dir));
    if (dirInfo.exists() && !dirInfo.isDir())
        return makeError(QStringLiteral("%1 exists and is not a folder.").arg(dir));
    if (dirInfo.exists() && !QDir(dir).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
        return makeError(QStringLiteral("Directory %1 already exists and is not empty").arg(dir));
    if (!QFileInfo(ini).absoluteDir().exists())
        return makeError(QStringLiteral("Cannot write %1: the folder %2 does not exist.").arg(ini, QFileInfo(ini).absolutePath()));

    QStringList lines;
    for (const QString &folder : {dir, dir + QStringLiteral("/versions")}) {
        if (QFileInfo(folder).isDir())
            continue;
        if (!QDir().mkpath(folder))
            return makeError(QStringLiteral("Cannot create the folder %1.").arg(folder));
        lines << QStringLiteral("Creating directory %1 ...  done").arg(folder);
    }
    // script_location relative to the ini file's folder, as %(here)s-free paths are read by Retort
    // and by Alembic run from that folder.
    const QString location = QDir(QFileInfo(ini).absolutePath()).relativeFilePath(dir);
    const QList<std::pair<QString, QByteArray>> files{
        {dir + QStringLiteral("/README"), QByteArray(kReadme)},
        {dir + QStringLiteral("/env.py"), QByteArray(kEnvPy)},
        {dir + QStringLiteral("/script.py.mako"), QByteArray(kMako)},
    };
    for (const auto &[path, bytes] : files) {
        if (Status written = writeNew(path, bytes, &lines); !written)
            return written.error();
    }
    if (request.package) {
        for (const QString &path : {dir + QStringLiteral("/__init__.py"), dir + QStringLiteral("/versions/__init__.py")}) {
            if (Status written = writeNew(path, QByteArray(), &lines); !written)
                return written.error();
        }
    }
    if (Status written = writeNew(ini, QString::fromUtf8(kIni).arg(location).toUtf8(), &lines); !written)
        return written.error();
    lines << QStringLiteral("Please edit configuration/connection/logging settings in '%1' before proceeding.").arg(ini);
    return lines;
}

} // namespace retort
