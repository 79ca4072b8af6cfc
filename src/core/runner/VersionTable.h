// Alembic's version table: one row per current head revision.
#pragma once

#include "connection/Connection.h"
#include "migrations/MigrationPlan.h"

#include <QSqlQuery>
#include <QStringList>

namespace retort {

class Project;

/// Where the version table lives: "alembic_version" unless env.py names another; schema may be empty.
struct VersionTableName
{
    QString table = QStringLiteral("alembic_version");
    QString schema;

    static VersionTableName of(const Project &project);
};

struct VersionTableState
{
    bool exists = false;    ///< the table is there (an absent table means "base", as in Alembic)
    QStringList revisions;  ///< its rows, sorted
};

/// Reads the version table.
Result<VersionTableState> readVersionTable(const Connection &connection, const VersionTableName &table = {});

/// Alembic's CREATE TABLE for the version table, its names quoted as the dialect needs.
QString versionTableDdl(Dialect dialect, const QString &table = QStringLiteral("alembic_version"), const QString &schema = {});

/// Runs one version-table change through query with the revision ids bound as parameters (never
/// pasted into the statement); *sql is the statement, for messages. query keeps lastError() and
/// numRowsAffected() for the caller's checks.
bool execVersionChange(QSqlQuery &query, Dialect dialect, const VersionChange &change, const QString &table, const QString &schema,
                       QString *sql);

/// Whether a table exists (in schema, or the connection's default one); used for the version table and Retort's log.
Result<bool> tableExists(const Connection &connection, const QString &table, const QString &schema);

/// Writes a stamp plan: creates the table as Alembic does when it is missing, empties it for
/// --purge, then runs each step's INSERT/UPDATE/DELETE, checking that every UPDATE and DELETE
/// matched exactly one row. All in one transaction: on any error nothing changes.
Status writeStamp(const Connection &connection, const MigrationPlan &plan, const VersionTableName &table = {});

} // namespace retort
