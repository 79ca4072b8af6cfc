// Runs a migration plan without Python: each revision's operations, compiled for the connected
// dialect just before they run (a SQLite batch rebuild reads the table as the earlier statements
// left it), inside one transaction per revision where the engine rolls DDL back, with the
// revision's version-table change in the same transaction. Offline, the same statements are
// written as a script in the layout of `alembic upgrade --sql`.
#pragma once

#include "Result.h"
#include "connection/Connection.h"
#include "runner/BoundStatement.h"
#include "migrations/MigrationPlan.h"
#include "ops/DdlCompiler.h"
#include "ops/OpReader.h"
#include "runner/VersionTable.h"
#include "project/NamingConvention.h"

#include <functional>
#include <map>

namespace retort {

/// The operations of each revision, read from its file the first time they are asked for.
class RevisionOperationSource
{
public:
    /// convention: the project's naming_convention (findNamingConvention); revisions whose constraint
    /// names it would decide are reported as needing Python.
    explicit RevisionOperationSource(const RevisionGraph &graph, std::optional<NamingConventionUse> convention = {})
        : m_graph(graph), m_convention(std::move(convention)) {}
    /// upgrade() or downgrade() of revision (a graph index). A file that cannot be read is reported
    /// as needing Python with the reason.
    const OperationsRead &operations(int revision, bool upgrade);
    const RevisionGraph &graph() const { return m_graph; }

    /// Multi-database projects (Flask-Migrate --multidb): read and run upgrade_<bind>() and
    /// downgrade_<bind>() instead of upgrade(engine_name) and downgrade(engine_name).
    void selectBind(const QString &bind);
    bool bound() const { return m_bind.has_value(); }
    QString bind() const { return m_bind.value_or(QString()); }
    /// "upgrade", "downgrade", or "upgrade_<bind>" / "downgrade_<bind>".
    QString functionName(bool upgrade) const;
    /// Names revisions import from the project's own modules (types, constants) are read through this.
    void setNameResolver(RevisionNameResolver resolver) { m_resolver = std::move(resolver); m_cache.clear(); }

private:
    void checkNamingConvention(OperationsRead *read) const;

    const RevisionGraph &m_graph;
    std::optional<NamingConventionUse> m_convention;
    std::map<std::pair<int, bool>, OperationsRead> m_cache;
    std::optional<QString> m_bind;
    RevisionNameResolver m_resolver;
};

/// For every revision of the graph (by index): the first construct of upgrade(), then downgrade(),
/// that needs Python, its reason prefixed with the function ("upgrade(): a loop …"); empty when the
/// revision runs natively both ways.
QVector<std::optional<NeedsPython>> revisionsNeedingPython(RevisionOperationSource &source);

/// Something that happened during a run, for progress displays and logs.
struct RunEvent
{
    /// Caught: a statement failed and the revision's try/except caught it (note says what; the run goes on).
    /// Message: what the revision prints or logs (note), where Python would print it.
    enum class Kind { StepStarted, Statement, StepFinished, Caught, Message };
    Kind kind = Kind::StepStarted;
    int stepIndex = 0;
    int stepCount = 0;
    const MigrationStep *step = nullptr;
    QString sql;     ///< Statement: the statement about to run
    int line = 0;    ///< Statement: its line in the revision file
    QString note;    ///< Statement: what it does beyond the script (empty for most)
    bool python = false;   ///< the step runs through the project's Python (its statements come from the worker)
};
using RunObserver = std::function<void(const RunEvent &)>;

/// Refuses a plan that reaches a revision Retort cannot run natively, unless the project's Python
/// will run it (withPython). The error names the revision, file:line and the reason; nothing has run.
Status checkRunnable(RevisionOperationSource &source, const MigrationPlan &plan, bool withPython = false);

/// True for statements that only read (SELECT, SHOW, PRAGMA queries…): a revision's reflection
/// queries are not "applied statements" in a failure report.
bool isReadOnlyStatement(const QString &sql);

/// The plan's steps (indices) whose revision needs Python, with the reason.
QList<std::pair<int, NeedsPython>> stepsNeedingPython(RevisionOperationSource &source, const MigrationPlan &plan);

/// Refusals that do not depend on the live schema (a type the engine cannot store, an unnamed
/// constraint to drop, …), found for the whole plan before anything runs.
/// On MySQL a refusal met half-way through a revision would leave its earlier statements committed.
Status checkCompiles(RevisionOperationSource &source, const MigrationPlan &plan, Dialect dialect, bool mariadb = false);

class MigrationLock;
class PythonWorker;

/// Statements to run once a revision's statements and version-table change have run, before its
/// commit (inside its transaction where the engine has one; through the Python worker for a revision
/// that needs Python), for the step's index. An error fails the revision.
using StepCommitStatements = std::function<QList<BoundStatement>(int stepIndex)>;

/// Runs the plan on the connection. On failure the error says which revision and statement failed,
/// the driver's text, what was rolled back and, where DDL is not transactional (MySQL), which
/// statements of the failed revision had already been applied. With a SQLite lock (whose
/// transaction the run is inside), each revision is a savepoint; the caller commits by releasing
/// the lock, which keeps the revisions that completed.
struct RunSettings
{
    VersionTableName versionTable;
    RunObserver observer;                        ///< each step and statement, as they start
    MigrationLock *lock = nullptr;               ///< SQLite: the run is inside the lock's transaction
    StepCommitStatements beforeCommit;           ///< per revision, before its commit
    std::function<bool()> cancelRequested;       ///< asked between revisions
    /// Runs the revisions that need Python (each in its own transaction on the worker's connection;
    /// on SQLite the lock's transaction is handed over to it for the revision). Without it such a
    /// plan is refused before anything runs.
    PythonWorker *python = nullptr;
};
Status runMigration(const Connection &connection, RevisionOperationSource &source, const MigrationPlan &plan,
                    const RunSettings &settings = {});

/// The error runMigration returns when cancelRequested said so before a revision: nothing of that
/// revision ran. Its message starts with this.
inline const QString kRunCancelled = QStringLiteral("Cancelled");

/// The SQL script for the plan, as `alembic upgrade --sql` prints it. replay, when given, is a plan
/// from base to the script's starting point: on SQLite it is run on a scratch in-memory database
/// first, so batch rebuilds can see the tables as the earlier revisions left them.
/// warnOnly: a statement that fails on SQLite's scratch copy gets a "-- Retort: … fails" comment in the
/// script instead of ending it (previews show the whole plan and where it would stop).
/// python: the worker that prints the revisions that need Python from Alembic's offline mode (a
/// revision that needs a live connection ends the script with an error, or with warnOnly is a comment
/// that says so); without it such a plan is refused, or with warnOnly each such revision is a comment.
/// A stamp plan prints only its version-table statements (stamp --sql).
/// inspect (SQLite only): called with the scratch database the script is replayed on after each step
/// of plan (step: its index) and at the end (step -1); a statement the scratch copy refused to run (it
/// reached outside it) makes the end an error instead, and no step is inspected after it.
using ScratchInspector = std::function<Status(const Connection &scratch, int step)>;
Result<QString> offlineSql(Dialect dialect, RevisionOperationSource &source, const MigrationPlan &plan,
                           const VersionTableName &versionTable = {}, const MigrationPlan *replay = nullptr,
                           bool warnOnly = false, PythonWorker *python = nullptr, const ScratchInspector &inspect = {});

/// offlineSql for a plan that starts where its rowsBefore say: the replay up to there (what SQLite's
/// scratch database needs) is planned here, from base through each of those rows.
Result<QString> offlineSqlFrom(Dialect dialect, RevisionOperationSource &source, const MigrationPlan &plan,
                               const VersionTableName &versionTable = {}, bool warnOnly = false, PythonWorker *python = nullptr);

/// The SQL one revision's upgrade runs on dialect, as the offline script prints it (SQLite replays
/// the history below it first, so batch rebuilds show the real table).
Result<QString> revisionSql(Dialect dialect, RevisionOperationSource &source, int revision, const VersionTableName &versionTable = {});

} // namespace retort
