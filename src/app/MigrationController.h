// Runs the history window's database work off the GUI thread: the plan preview (with its SQL), the
// migration itself through core's runSafeMigration (backup, lock, run, log), stamps, restores, and the
// SQL of one revision for the details pane. Each task opens its own project, history and connection in
// its worker thread (BackgroundTasks); results come back through signals emitted on the GUI thread.
#pragma once

#include "lint/MigrationLint.h"

#include "BackgroundTasks.h"

#include "runner/PythonInterpreter.h"
#include "runner/SafeMigration.h"

#include <QObject>

namespace retort::app {

/// What a task opens: the project folder and the database it talks to.
struct MigrationTarget
{
    QString projectDir;
    DatabaseUrl url;
    QString python;   ///< the interpreter chosen for the project in the window; empty: the automatic choice
};

/// The interpreter the user chose in the window for the project in projectDir (empty when none),
/// remembered in the settings with the project.
QString projectInterpreter(const QString &projectDir);
/// Remembers path for the project (empty: back to the automatic choice).
void setProjectInterpreter(const QString &projectDir, const QString &path);

class MigrationController : public QObject
{
    Q_OBJECT
public:
    enum class Action { Upgrade, Downgrade, Stamp };
    struct Preview
    {
        Action action = Action::Upgrade;
        QString target;
        MigrationPreview preview;     ///< for stamps: the plan only
        QString sql;                  ///< the statements of every step, as the offline script prints them
        QString defaultBackupPath;
        QString engine;               ///< "SQLite 3.40.1"
        /// Revisions that run through the project's Python: which, with which interpreter and its
        /// versions (empty when none does).
        QString pythonNote;
        InterpreterChoice interpreter;
        /// SQLite: the database file does not exist yet; the run creates it (its folder exists). The
        /// plan was made on an empty database, as the new file will be.
        QString createsDatabase;
        /// Stamps: where the live tables and columns differ from the schema at the stamped revisions
        /// (empty when they match), or why that could not be computed (stampCheck).
        QStringList stampMismatches;
        QString stampCheck;
        QList<LintFinding> lint;      ///< the linter's findings on the revisions the plan runs, in its direction
    };

    explicit MigrationController(QObject *parent = nullptr);
    ~MigrationController() override;

    void requestPreview(const MigrationTarget &target, Action action, const QString &revision);
    /// The plan's SQL with its revisions that need Python printed by the project's Python in Alembic's
    /// offline mode (where one needs a live connection, a rehearsal on a copy: see runner/Rehearsal.h).
    /// This runs the project's code, so only when the user asks; answers with pythonSqlReady.
    void requestPythonSql(const MigrationTarget &target, const Preview &preview);
    /// Runs a confirmed preview. backup: take a backup (into backupPath, or the default) first.
    void run(const MigrationTarget &target, const Preview &preview, bool backup, const QString &backupPath);
    /// Stops a run before its next revision.
    void cancel();
    /// Restores the backup at backupPath; backupFirst: takes (and checks) a backup of the database as
    /// it is now into the default folder first, and restores nothing when that fails.
    void restore(const MigrationTarget &target, const QString &backupPath, bool backupFirst = false);
    /// The SQL of one revision (by id) on the target's dialect; answered by revisionSqlReady.
    void requestRevisionSql(const MigrationTarget &target, const QString &revision, quint64 ticket);
    bool isBusy() const { return m_busy; }

signals:
    void previewReady(const retort::app::MigrationController::Preview &preview);
    void previewFailed(const retort::Error &error);
    void stageChanged(const QString &stage);
    void stepStarted(int index, int count, const QString &description);
    void statementStarted(const QString &sql);
    /// What the revision printed, or a failing statement its try/except caught (the run goes on).
    void runNote(const QString &text);
    void runFinished(const retort::MigrationOutcome &outcome);
    void restoreFinished(const retort::RestoreOutcome &outcome);
    void revisionSqlReady(quint64 ticket, const QString &sql, const QString &error);
    void pythonSqlReady(const QString &sql, const QString &error);

private:
    bool m_busy = false;
    BackgroundTasks m_tasks{this};
};

} // namespace retort::app
