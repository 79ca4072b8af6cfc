// The run log: every upgrade, downgrade and restore Retort runs appends rows to a retort_log table
// in the same database (next to the version table; Alembic ignores it). Row 0 of a run sums it up;
// rows 1… are its steps, each with the SHA-256 of the revision file that ran. A step's row is
// written in the same transaction as the step where the engine allows it, so the log never claims
// a revision the database does not have.
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

/// Creates retort_log when it is missing (in schema, when given).
Status ensureTable(const Connection &connection, const QString &schema = {});
/// The statement that appends one row (for the Python worker to run inside a revision's transaction).
BoundStatement appendStatement(Dialect dialect, const RunLogEntry &entry, const QString &schema = {});
/// Appends one row; the table must exist.
Status append(const Connection &connection, const RunLogEntry &entry, const QString &schema = {});
/// Every row, oldest run first and steps in order; an empty list when the table does not exist.
Result<QList<RunLogEntry>> readAll(const Connection &connection, const QString &schema = {});

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
