// The project's Python, running the revisions Retort cannot run natively (issue 17). One worker
// process serves a whole run: Retort starts the interpreter the user chose with its bridge script
// (runner/python/retort_bridge.py, built into Retort), sends the database URL over stdin (never in
// argv or the environment), and then one request per revision. The bridge reads the project's env.py
// the way `alembic upgrade --sql` does (its imports, custom operations and configure() options, no
// connection of its own), opens its own SQLAlchemy connection to the database Retort shows, and runs
// each revision in one transaction with real Alembic operations, followed by the statements Retort
// sends (the version-table change, the run-log row). Every statement it executes is reported before
// it runs. All calls block; use the worker from the thread that started it.
#pragma once

#include "Result.h"
#include "connection/DatabaseUrl.h"
#include "runner/BoundStatement.h"
#include "runner/PythonInterpreter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QVariantList>

#include <functional>
#include <memory>

class QProcess;

namespace retort {

class Project;

struct PythonStepRequest
{
    QString path;                      ///< the revision file
    QString revision;
    bool upgrade = true;
    QList<BoundStatement> before;      ///< before the revision's own statements (creating the version table)
    QList<BoundStatement> after;       ///< after them (the version-table change, the run-log row)
    bool foreignKeyCheck = false;      ///< SQLite: PRAGMA foreign_key_check before the commit
    QString function;                  ///< the function to call; empty: upgrade() or downgrade()
};

/// What a failed step reports: the stage ("revision", "version", "commit", …), the revision file:line
/// from the traceback, the statement and the driver's words when the database refused one.
struct PythonStepFailure
{
    QString stage;
    QString message;
    QString file;
    int line = 0;
    QString sql;
    QString detail;
    QString traceback;
    bool workerDied = false;           ///< the process ended; nothing more can run through it
};

class PythonWorker
{
public:
    struct Settings
    {
        InterpreterChoice interpreter;
        DatabaseUrl url;                 ///< with its password
        QStringList xArguments;          ///< context.get_x_argument() in revisions
        int startTimeoutMs = 120000;     ///< starting Python, importing env.py and connecting
        /// Set instead of url: previews only ("sqlite", "postgresql", "mysql"); the worker opens no
        /// connection and runs revisions in Alembic's offline mode.
        QString offlineDialect = {};
    };

    /// Starts the worker for project and waits until it has read env.py and connected. The error says
    /// what failed (a module Python cannot import, env.py's exception with file:line, the connection).
    static Result<std::unique_ptr<PythonWorker>> start(const Project &project, const Settings &settings);
    /// start() for Alembic's offline mode on dialect: no connection, revisions print their statements.
    static Result<std::unique_ptr<PythonWorker>> startOffline(const Project &project, const InterpreterChoice &interpreter,
                                                              Dialect dialect, const QStringList &xArguments = {});
    ~PythonWorker();
    PythonWorker(const PythonWorker &) = delete;
    PythonWorker &operator=(const PythonWorker &) = delete;

    QString pythonVersion() const { return m_python; }
    QString alembicVersion() const { return m_alembic; }
    QString sqlalchemyVersion() const { return m_sqlalchemy; }
    /// How env.py was read ("env.py read", "… inside the Flask application's context").
    QString environmentNote() const { return m_envNote; }
    const InterpreterChoice &interpreter() const { return m_interpreter; }

    /// Called before each statement the revision executes, with its line in the revision file (0 when
    /// it comes from elsewhere).
    using StatementObserver = std::function<void(const QString &sql, int line)>;
    /// Runs one revision. std::nullopt on success (committed).
    std::optional<PythonStepFailure> runStep(const PythonStepRequest &request, const StatementObserver &observer);

    /// The revision's statements in Alembic's offline mode, as `alembic upgrade --sql` prints them
    /// (each ending with ';'). A revision that needs a live connection (it reads rows, inspects the
    /// database) is an error that says so, with its file:line.
    Result<QStringList> offlineStatements(const QString &path, bool upgrade, const QString &function = {});

    /// SQLite: file is attached to the worker's connection as alias before each revision it runs (the
    /// run log's own file, whose row commits with the revision).
    void attachSqlite(const QString &alias, const QString &file);

    /// Asks the worker to end and waits for it (it is killed after a few seconds).
    void stop();

private:
    PythonWorker() = default;
    bool send(const QJsonObject &request);
    /// The next event line; an empty object when the process ended or the wait timed out (timeoutMs < 0: no limit).
    QJsonObject nextEvent(int timeoutMs);
    QString stderrTail();

    std::unique_ptr<QProcess> m_process;
    InterpreterChoice m_interpreter;
    QByteArray m_stderr;
    QJsonArray m_attach;
    QString m_python, m_alembic, m_sqlalchemy, m_envNote;
};

/// SQLAlchemy's backend name for dialect ("sqlite", "postgresql", "mysql"), for offlineDialect.
QString sqlalchemyBackendName(Dialect dialect);

/// The Python source of the bridge, as built into Retort.
QString bridgeScript();

} // namespace retort
