// Which database a command talks to: the first of --url, $RETORT_DATABASE_URL,
// SQLALCHEMY_DATABASE_URI in instance/config.py (read, never executed), sqlalchemy.url in alembic.ini.
#pragma once

#include "connection/DatabaseUrl.h"
#include "project/Project.h"

#include <QStringList>

#include <optional>

namespace retort {

struct ResolvedDatabaseUrl
{
    DatabaseUrl url;        ///< relative SQLite paths already made absolute
    QString source;         ///< "--url", "RETORT_DATABASE_URL", "instance/config.py:3", "alembic.ini:12"
    QStringList notes;      ///< sources that were looked at and skipped, with the reason
};

struct DatabaseUrlInputs
{
    QString commandLineUrl;       ///< --url, empty when not given
    QString commandLineSource = QStringLiteral("--url");   ///< what messages call it (the window: a saved connection)
    QString environmentUrl;       ///< $RETORT_DATABASE_URL, empty when unset
    QString workingDirectory;     ///< relative SQLite paths in the two above resolve here
    /// Multi-database projects: the bind whose database is meant ("" is the default database).
    /// Without --url or RETORT_DATABASE_URL a named bind's URL comes from SQLALCHEMY_BINDS.
    QString bind;
};

/// A multi-database project's binds, in order: "" (SQLALCHEMY_DATABASE_URI) first, then the keys of
/// SQLALCHEMY_BINDS in instance/config.py (a dict literal, read, never executed).
Result<QStringList> bindNames(const Project &project);

/// Resolves the URL for project (which may be null when no project is open).
/// Errors name the source the bad URL came from.
Result<ResolvedDatabaseUrl> resolveDatabaseUrl(const Project *project, const DatabaseUrlInputs &inputs);

/// The inputs of this process: RETORT_DATABASE_URL from the environment and the current directory.
DatabaseUrlInputs databaseUrlInputsFromEnvironment(const QString &commandLineUrl);

} // namespace retort
