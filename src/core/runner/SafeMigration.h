// A migration run as a DBA needs it against production: first a preview (the plan, what it drops,
// how the engine behaves when a statement fails) for the user to confirm; then, under the migration
// lock, the plan made again from the version table (a plan other than the one confirmed is never
// run), the backup if one was asked for, the run itself with every step in the run log, and on
// failure a report of where the database now stands, read back from the database itself.
// The GUI and the CLI both drive migrations through here. All calls block: run them off the GUI thread.
#pragma once

#include <optional>

#include "Result.h"
#include "runner/MigrationLock.h"
#include "runner/MigrationRunner.h"
#include "runner/Backup.h"
#include "runner/PythonWorker.h"
#include "runner/RunLog.h"

namespace retort {

/// A table or column that a plan drops, with the data in it.
struct DroppedObject
{
    QString table;
    QString column;     ///< empty when the whole table goes
    QString revision;   ///< the revision that drops it
    int line = 0;       ///< of the operation in the revision file

    /// "table launch" or "column engine.last_fired".
    QString describe() const;
};

/// A DELETE or UPDATE a plan runs: the rows it takes away or rewrites, counted before anything runs
/// where that is safe (see countDataChanges).
struct DataChange
{
    QString sql;                ///< as the plan runs it
    QString table;
    QString revision;
    int line = 0;
    std::optional<qint64> rows; ///< counted now, before the plan runs
    QString notCounted;         ///< why rows is empty
};

struct MigrationPreview
{
    bool upgrade = true;
    QString target;
    MigrationPlan plan;
    QList<DroppedObject> drops;
    /// The DELETE and UPDATE statements of the plan's native revisions, in order.
    QList<DataChange> dataChanges;
    /// How a failing statement leaves the database on this engine, in one sentence.
    QString failureBehaviour;
    /// Who holds the migration lock right now (empty: nobody that the server can tell).
    QString lockHolder;
    /// Steps (indices into plan.steps) whose revision runs through the project's Python, with why.
    /// What they drop is not in drops: only running them tells.
    QList<std::pair<int, NeedsPython>> pythonSteps;

    bool changesDatabase() const { return !plan.steps.isEmpty(); }
};

/// Counts the rows each change would touch with SELECT COUNT(*) over its table and WHERE condition, on
/// a read-only session of url, with a short time limit. Only conditions made of columns, literals,
/// comparisons and AND/OR/NOT/IN/IS/LIKE/BETWEEN are counted: the condition comes from a revision file
/// and may run no function or subquery before the user has seen the plan. The counts reflect the
/// database now, before earlier steps of the plan run.
void countDataChanges(const DatabaseUrl &url, QList<DataChange> *changes);

/// Reads the version table (without the lock) and plans; refuses a plan that reaches a revision
/// needing Python unless withPython (the project's Python will run those). Nothing is changed.
Result<MigrationPreview> previewMigration(const Connection &connection, RevisionOperationSource &source,
                                          const VersionTableName &versionTable, bool upgrade, const QString &target,
                                          bool withPython = false);

/// A stamp to targets, previewed as migrations are: the plan from the version table as it is, and the
/// statements it runs on that table (sql, ';'-terminated, one per line). Nothing is changed.
struct StampPreview
{
    MigrationPreview preview;
    QString sql;
};
Result<StampPreview> previewStamp(const Connection &connection, const RevisionGraph &graph, const VersionTableName &versionTable,
                                  const QStringList &targets, bool purge = false);

/// The tables and columns the steps drop (drop_table, drop_column, batch drop_column).
QList<DroppedObject> droppedObjects(RevisionOperationSource &source, const MigrationPlan &plan);

struct MigrationOptions
{
    bool backup = false;            ///< take (and check) a backup first
    QString backupPath;             ///< empty: defaultBackupPath
    int lockTimeoutSeconds = 10;
    MigrationLock::WaitObserver waiting;   ///< while another migrator holds the lock
    RunObserver observer;                   ///< steps and statements as they run
    std::function<void(const QString &)> stage;   ///< "Backing up …", "Migrating …" for progress displays
    BackupProgress backupProgress;
    std::function<void(const BackupInfo &)> backupFinished;   ///< the backup is taken and checked; the run starts next
    /// Asked before each revision (from the running thread); true stops the run there, cleanly.
    std::function<bool()> cancelRequested;
    /// Starts the project's Python for a plan with revisions that need it: called once, under the
    /// lock, before the backup, and only for such a plan. Without it such a plan is refused.
    std::function<Result<std::unique_ptr<PythonWorker>>()> startPython;
    /// The worker is ready (its versions, how env.py was read), before the backup.
    std::function<void(const PythonWorker &)> pythonStarted;
    /// The project's env.py sets include_schemas=True (Project::includesSchemas): its autogenerate also
    /// looks at the run log's own schema or database, and the outcome says how to leave it out.
    bool envIncludesSchemas = false;
};

struct MigrationOutcome
{
    std::optional<Error> error;         ///< empty on success
    bool nothingToDo = false;           ///< another migrator had already brought the database there
    bool cancelled = false;             ///< stopped between revisions on request (error says where)
    std::optional<BackupInfo> backup;   ///< the backup taken before the run
    QStringList rowsBefore;
    /// The version rows after the run, read back from the database (on failure too, over a fresh
    /// connection when the run's own one died); rowsKnown is false when they could not be read.
    QStringList rowsAfter;
    bool rowsKnown = true;
    int stepsCompleted = 0;
    QString runId;
    /// Failure on an engine without transactional DDL: statements of the failed step that were applied.
    QStringList appliedOfFailedStep;
    /// Set when the run log had to stay among the application's tables (RunLogPlace::notice).
    QString runLogNotice;
    /// Statements that failed and that a revision's try/except caught (the run went on), with what it printed.
    QStringList caught;
};

/// Runs the confirmed preview as described at the top of this file.
MigrationOutcome runSafeMigration(const Connection &connection, RevisionOperationSource &source, const VersionTableName &versionTable,
                                  const MigrationPreview &confirmed, const MigrationOptions &options);

struct RestoreOutcome
{
    std::optional<Error> error;
    QStringList rowsAfter;   ///< the version rows the restored database holds
    QString backupBefore;    ///< the backup of the database as it was before the restore, when one was taken
};

/// Restores backup into the connection's database (which must be the one it came from) under the
/// migration lock, keeps the run log rows written since the backup, and logs the restore.
RestoreOutcome restoreWithLog(const Connection &connection, const BackupInfo &backup, const VersionTableName &versionTable,
                              int lockTimeoutSeconds = 10, const MigrationLock::WaitObserver &waiting = {});

} // namespace retort
