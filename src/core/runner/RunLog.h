// The run log: every upgrade, downgrade and restore Retort runs appends rows to a retort_log table.
// Row 0 of a run sums it up; rows 1… are its steps, each with the SHA-256 of the revision file that
// ran. A step's row is written in the same transaction as the step where the engine allows it, so the
// log never claims a revision the database does not have.
//
// The table lives out of the way of the project's own autogenerate (which would otherwise propose
// to drop it): in a schema "retort_log" on PostgreSQL, in a database "<database>_retort" on MySQL and
// MariaDB, and on SQLite in a file "<database file>-retort" next to the database, attached to the
// connection as "retort" (so a step and its row still commit together). Where the server refuses to
// create that place (or on PostgreSQL it would be on the search path), the log stays among the application's tables with a notice that says how to
// keep autogenerate away from it. Logs written by earlier versions (retort_log next to the version
// table) move to the new place, rows and all, the first time Retort writes there; a log without the
// statements column (before 0.9) gets it then, and reads with empty statements until then.
#pragma once

#include "Result.h"
#include "connection/Connection.h"
#include "runner/BoundStatement.h"

#include <QDateTime>
#include <QList>

namespace retort {

struct RunLogEntry
{
    QString runId;              ///< a UUID shared by the rows of one run
    int step = 0;               ///< 0: the run itself; 1…: its steps in order
    QDateTime startedAt;        ///< UTC
    QString osUser;
    QString host;
    QString command;            ///< upgrade, downgrade, restore
    QString target;             ///< as typed ("heads", "-1", a backup path for restore)
    QStringList fromRevisions;  ///< version rows before (the run, or the step)
    QStringList toRevisions;    ///< version rows after
    QString revision;           ///< steps: the revision run
    qint64 durationMs = 0;
    QString outcome;            ///< ok, failed, rolled back, partially applied, not started
    QString message;            ///< the error, or a note
    QString backupPath;
    QString scriptSha256;       ///< steps: of the revision file
    QString retortVersion;
    /// Steps: the statements the revision ran, in order, natively or through Python (not the version
    /// table's, which from and to record); about 60 KB of them, then a comment saying how many more.
    QStringList statements;
};

/// Where the run log is, or will be, on one database.
struct RunLogPlace
{
    QString schema;      ///< the table's qualifier; empty: the application's default schema
    QString file;        ///< SQLite: the log's own file, attached as schema
    bool separate = false;   ///< out of autogenerate's way (false: among the application's tables)
    QString notice;      ///< set when the log has to stay among the application's tables: why, and what to do
};

namespace runlog {

inline const QString kTable = QStringLiteral("retort_log");

/// Outcome words, as stored.
inline const QString kOk = QStringLiteral("ok");
inline const QString kFailed = QStringLiteral("failed");
inline const QString kRolledBack = QStringLiteral("rolled back");
inline const QString kPartial = QStringLiteral("partially applied");
inline const QString kNotStarted = QStringLiteral("not started");
inline const QString kCancelled = QStringLiteral("cancelled");

/// SHA-256 of a revision file as lowercase hex; empty when it cannot be read.
QString scriptSha256(const QString &path);

/// A fresh entry for a run started now by this user on this host.
RunLogEntry startRun(const QString &command, const QString &target);

/// The schema (PostgreSQL) or database (MySQL) the log gets on this connection's database; the
/// alias "retort" on SQLite; empty for an in-memory SQLite database.
QString separateSchema(const Connection &connection);
/// SQLite: the log's file next to the database file; empty for an in-memory database.
QString sqliteLogFile(const Connection &connection);

/// Where the log belongs. SQLite: attaches the log's file as "retort" when it exists, or, for a
/// writer, always (creating it; the connection must not be inside a transaction). Creates nothing on
/// the servers. versionSchema: where earlier versions kept the log (the version table's schema).
Result<RunLogPlace> open(const Connection &connection, const QString &versionSchema, bool forWriting);
/// Makes the place and the table when missing (CREATE SCHEMA / CREATE DATABASE), and moves the rows of
/// a log an earlier version kept next to the version table into it. When the server refuses to create
/// the place, place becomes the application's schema and its notice says so.
Status ensureTable(const Connection &connection, RunLogPlace &place, const QString &versionSchema);
/// The statement that appends one row (for the Python worker to run inside a revision's transaction).
BoundStatement appendStatement(Dialect dialect, const RunLogEntry &entry, const RunLogPlace &place);
/// Appends one row; the table must exist.
Status append(const Connection &connection, const RunLogEntry &entry, const RunLogPlace &place);
/// Every row, oldest run first and steps in order, wherever the log is (its own place, else where an
/// earlier version kept it); an empty list when there is none.
Result<QList<RunLogEntry>> readAll(const Connection &connection, const QString &versionSchema = {});
/// Lines for env.py that keep autogenerate away from a log among the application's tables.
QString includeNameSnippet();
/// For an env.py with include_schemas=True: autogenerate also compares the log's own schema (or
/// database), and these lines leave it out.
QString includeSchemasNotice(const RunLogPlace &place);

/// A revision whose file has changed since it was applied.
struct ChangedScript
{
    QString revision;
    QString loggedSha256;
    QDateTime appliedAt;
};
/// The revisions the log says are applied now (their last logged step was a successful upgrade)
/// whose file's SHA-256 (currentSha256(revision); empty when unknown) differs from the logged one.
QList<ChangedScript> changedScripts(const QList<RunLogEntry> &log, const std::function<QString(const QString &)> &currentSha256);

} // namespace runlog

} // namespace retort
