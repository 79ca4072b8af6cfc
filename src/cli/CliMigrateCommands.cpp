// retort-cli upgrade, downgrade, backup, restore and log: online runs through the core's safe
// migration (preview, backup prompt, lock, run, log), and offline scripts (--sql) in the layout of
// `alembic upgrade --sql`.
#include "CliApp.h"

#include "connection/Connection.h"
#include "runner/MigrationLock.h"
#include "runner/MigrationRunner.h"
#include "migrations/ProjectHistory.h"
#include "runner/VersionTable.h"
#include "project/DatabaseUrlSource.h"
#include "project/NamingConvention.h"
#include "project/Project.h"
#include "runner/PythonInterpreter.h"
#include "runner/PythonWorker.h"
#include "runner/SafeMigration.h"

#include <QSet>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace retort::cli {

namespace {

const QString kProgram = QStringLiteral("retort-cli");

QString rowsText(const QStringList &rows)
{
    return rows.isEmpty() ? QStringLiteral("(none: base)") : rows.join(QStringLiteral(", "));
}

std::optional<int> lockTimeoutOf(const QCommandLineParser &args)
{
    if (!args.isSet(QStringLiteral("lock-timeout")))
        return 10;
    bool ok = false;
    const int seconds = args.value(QStringLiteral("lock-timeout")).toInt(&ok);
    if (!ok || seconds < 0)
        return std::nullopt;
    return seconds;
}

} // namespace

QString CliApp::ask(const QString &question)
{
    m_out << question;
    m_out.flush();
    if (!m_in)
        return {};
    const QString answer = m_in->readLine();
    if (answer.isNull())
        m_out << "\n";
    return answer.trimmed();
}

int CliApp::runUpgrade(const QCommandLineParser &args)
{
    return runMigrate(args, true);
}

int CliApp::runDowngrade(const QCommandLineParser &args)
{
    return runMigrate(args, false);
}

int CliApp::runOffline(const QCommandLineParser &args, bool upgrade, const QString &start, const QString &target)
{
    std::unique_ptr<MigrationProject> opened = migrationProject();
    if (!opened) return Failure;
    const Project *p = &opened->project();
    const ProjectHistory *h = &opened->history();
    const VersionTableName versionTable = opened->versionTable();
    RevisionOperationSource &source = opened->operations();
    Dialect dialect = Dialect::SQLite;
    if (args.isSet(QStringLiteral("dialect"))) {
        const QString name = args.value(QStringLiteral("dialect"));
        if (name == QLatin1String("sqlite")) dialect = Dialect::SQLite;
        else if (name == QLatin1String("postgresql")) dialect = Dialect::PostgreSQL;
        else if (name == QLatin1String("mysql") || name == QLatin1String("mariadb")) dialect = Dialect::MySQL;
        else return usage(QStringLiteral("--dialect must be sqlite, postgresql, mysql or mariadb, not '%1'").arg(name));
    } else {
        const std::optional<ResolvedDatabaseUrl> url = databaseUrl(p);
        if (!url)
            return Failure;
        dialect = url->url.dialect();
    }
    QStringList rows;
    if (!start.isEmpty() && start != QLatin1String("base")) {
        Result<QVector<int>> resolved = resolveRevisions(h->graph, start);
        if (!resolved) return fail(resolved.error());
        rows = h->graph.ids(*resolved);
    }
    Result<MigrationPlan> plan = upgrade ? planUpgrade(h->graph, rows, target) : planDowngrade(h->graph, rows, target);
    if (!plan) return fail(plan.error());
    // Revisions that need Python print through the project's Python in Alembic's offline mode, as
    // `alembic upgrade --sql` runs them: no connection anywhere.
    std::unique_ptr<PythonWorker> python;
    if (const QList<std::pair<int, NeedsPython>> steps = stepsNeedingPython(source, *plan); !steps.isEmpty()) {
        const Result<InterpreterChoice> interpreter = chooseInterpreter(*p, InterpreterRequest{m_python, {}});
        if (!interpreter) return fail(interpreter.error());
        QStringList which;
        for (const auto &entry : steps)
            which << h->graph.at(plan->steps.at(entry.first).revision).id;
        m_err << kProgram << ": " << which.join(QStringLiteral(", ")) << " run through the project's Python ("
              << interpreter->path << ", " << interpreter->source << ") in Alembic's offline mode" << Qt::endl;
        Result<std::unique_ptr<PythonWorker>> started = PythonWorker::startOffline(*p, *interpreter, dialect, m_xArguments);
        if (!started) return fail(started.error());
        python = std::move(started.value());
    }
    // The script starts at `start`: SQLite batch rebuilds need the tables as they are there.
    Result<QString> sql = offlineSqlFrom(dialect, source, *plan, versionTable, false, python.get());
    if (!sql) return fail(sql.error());
    m_out << *sql;
    m_out.flush();
    return Success;
}

int CliApp::runMigrate(const QCommandLineParser &args, bool upgrade)
{
    const QString verb = upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade");
    const QStringList words = positional(args);
    if (words.size() != 1)
        return usage(QStringLiteral("%1 takes one target revision").arg(verb));
    const bool offline = args.isSet(QStringLiteral("sql"));
    if (args.isSet(QStringLiteral("dialect")) && !offline)
        return usage(QStringLiteral("--dialect only applies to --sql; online runs use the database's dialect"));
    const bool backupFlag = args.isSet(QStringLiteral("backup"));
    const bool noBackupFlag = args.isSet(QStringLiteral("no-backup"));
    if (backupFlag && noBackupFlag)
        return usage(QStringLiteral("--backup and --no-backup contradict each other; give one"));
    if (offline && (backupFlag || noBackupFlag))
        return usage(QStringLiteral("--sql changes nothing, so it takes no backup option"));
    QString start;
    QString target = words.first();
    if (target.contains(QLatin1Char(':'))) {
        if (!offline)
            return fail(QStringLiteral("Range revision not allowed; a range (FROM:TO) is for --sql only"));
        start = target.section(QLatin1Char(':'), 0, 0);
        target = target.section(QLatin1Char(':'), 1);
    } else if (offline && !upgrade) {
        return fail(QStringLiteral("downgrade with --sql requires <fromrev>:<torev>"));
    }
    if (offline)
        return runOffline(args, upgrade, start, target);

    const std::optional<int> lockTimeout = lockTimeoutOf(args);
    if (!lockTimeout)
        return usage(QStringLiteral("--lock-timeout takes a number of seconds"));
    std::unique_ptr<MigrationProject> opened = migrationProject();
    if (!opened) return Failure;
    const Project *p = &opened->project();
    const VersionTableName versionTable = opened->versionTable();
    RevisionOperationSource &source = opened->operations();
    std::unique_ptr<Connection> connection = connect(p, upgrade);
    if (!connection) return Failure;

    Result<MigrationPreview> preview = previewMigration(*connection, source, versionTable, upgrade, target, true);
    if (!preview) return fail(preview.error());
    if (!preview->changesDatabase()) {
        m_out << "Nothing to do: the database is at "
              << (preview->plan.rowsBefore.isEmpty() ? QStringLiteral("base") : preview->plan.rowsBefore.join(QStringLiteral(", ")))
              << ".\n";
        m_out.flush();
        return Success;
    }

    // Revisions that need Python: say which, and with which interpreter (chosen, not started). The run
    // starts it first of all, under the lock and before the backup: it checks that Alembic and
    // SQLAlchemy import, says their versions, and stops the run with one sentence when they do not.
    MigrationOptions options;
    options.envIncludesSchemas = p->includesSchemas();
    if (!preview->pythonSteps.isEmpty()) {
        const Result<InterpreterChoice> python = chooseInterpreter(*p, InterpreterRequest{m_python, {}});
        if (!python) return fail(python.error());
        QStringList which;
        for (const auto &entry : std::as_const(preview->pythonSteps))
            which << source.graph().at(preview->plan.steps.at(entry.first).revision).id;
        m_out << preview->pythonSteps.size() << " of " << preview->plan.steps.size() << " revision(s) run through the project's Python: "
              << which.join(QStringLiteral(", ")) << "\n"
              << "Python: " << python->path << " (" << python->source << ")\n";
        m_out.flush();
        const InterpreterChoice interpreter = *python;
        const DatabaseUrl url = connection->url();
        const QStringList xArguments = m_xArguments;
        options.startPython = [p, interpreter, url, xArguments]() {
            return PythonWorker::start(*p, PythonWorker::Settings{interpreter, url, xArguments, 120000, {}});
        };
        options.pythonStarted = [this](const PythonWorker &worker) {
            m_out << "Python " << worker.pythonVersion() << ", Alembic " << worker.alembicVersion() << ", SQLAlchemy "
                  << worker.sqlalchemyVersion() << " (" << worker.environmentNote() << ")\n";
            m_out.flush();
        };
    }

    // The backup decision: a flag, or a person at a terminal, or a refusal.
    options.lockTimeoutSeconds = *lockTimeout;
    options.backup = backupFlag;
    options.backupPath = backupFlag ? args.value(QStringLiteral("backup")) : QString();
    if (!backupFlag && !noBackupFlag) {
        if (!m_interactive)
            return fail(QStringLiteral("%1 would change the database and there is no terminal to ask about a backup: pass "
                                       "--backup (or --backup=PATH) to back it up first, or --no-backup to migrate without one")
                            .arg(verb));
        const QString defaultPath = defaultBackupPath(*connection, preview->plan.rowsBefore);
        m_out << "Plan: " << verb << " " << connection->url().toDisplayString() << " from "
              << rowsText(preview->plan.rowsBefore) << " to " << rowsText(preview->plan.rowsAfter) << ", "
              << preview->plan.steps.size() << " step(s):\n";
        QSet<int> python;
        for (const auto &entry : std::as_const(preview->pythonSteps))
            python.insert(entry.first);
        for (int i = 0; i < preview->plan.steps.size(); ++i)
            m_out << "  " << (i + 1) << ". " << preview->plan.steps.at(i).describe()
                  << (python.contains(i) ? QStringLiteral("  [Python]") : QString()) << "\n";
        if (!python.isEmpty())
            m_out << "What the revisions run through Python drop is known only when they run; back up first.\n";
        if (!preview->drops.isEmpty()) {
            m_out << "This " << verb << " DROPS these, with the data in them:\n";
            for (const DroppedObject &d : std::as_const(preview->drops))
                m_out << "  - " << d.describe() << " (revision " << d.revision << ", line " << d.line << ")\n";
        }
        m_out << preview->failureBehaviour << "\n";
        if (!preview->lockHolder.isEmpty())
            m_out << "Another migration holds the lock now (" << preview->lockHolder << "); this run will wait up to "
                  << *lockTimeout << " s.\n";
        m_out << "Back up the database first?\n"
              << "  [b] back up to " << defaultPath << ", check the backup, then migrate\n"
              << "  [c] continue without a backup\n"
              << "  [q] cancel\n";
        QString answer;
        for (int tries = 0; tries < 3; ++tries) {
            answer = ask(QStringLiteral("Choice [B/c/q]: ")).toLower();
            if (answer.isEmpty() && m_in && m_in->atEnd())
                answer = QStringLiteral("q");
            if (answer.isEmpty() || answer == QLatin1String("b") || answer == QLatin1String("c") || answer == QLatin1String("q"))
                break;
            m_out << "Please answer b, c or q.\n";
            answer = QStringLiteral("?");
        }
        if (answer == QLatin1String("q") || answer == QLatin1String("?")) {
            m_out << "Cancelled; nothing was changed.\n";
            m_out.flush();
            return Failure;
        }
        options.backup = answer != QLatin1String("c");
        options.backupPath = options.backup ? defaultPath : QString();
    }

    options.waiting = [this](const QString &holder) {
        m_err << kProgram << ": waiting for the migration lock, held by " << holder << Qt::endl;
    };
    if (options.backup && options.backupPath.isEmpty())
        options.backupPath = defaultBackupPath(*connection, preview->plan.rowsBefore);
    options.stage = [this, &options](const QString &stage) {
        if (stage.startsWith(QLatin1String("Backing up"))) {
            m_out << "Backing up the database to " << options.backupPath << " ...\n";
            m_out.flush();
        }
    };
    options.backupFinished = [this](const BackupInfo &backup) {
        m_out << "Backup: " << backup.path << " (" << backup.summary() << "; " << backup.tables.size() << " tables; checked with "
              << backup.tool << ")\n";
        m_out.flush();
    };
    options.observer = [this](const RunEvent &event) {
        if (event.kind == RunEvent::Kind::StepStarted)
            m_out << "Running " << event.step->describe() << (event.python ? QStringLiteral("  [Python]") : QString()) << "\n";
        else if (event.kind == RunEvent::Kind::Statement && !event.note.isEmpty())
            m_out << "    -- Retort: " << event.note << "\n";
        else if (event.kind == RunEvent::Kind::Caught)
            m_out << "    -- failed: " << event.note << "\n";
        else if (event.kind == RunEvent::Kind::Message)
            m_out << "    -- the revision prints: " << event.note << "\n";
        if (event.kind == RunEvent::Kind::Statement)
            m_out << "    " << QString(event.sql).replace(QLatin1Char('\t'), QStringLiteral("    "))
                                     .replace(QLatin1Char('\n'), QStringLiteral("\n    ")) << ";\n";
        m_out.flush();
    };
    // Backup progress is shown on a terminal only; scripts get the summary line.
    const MigrationOutcome outcome = runSafeMigration(*connection, source, versionTable, *preview, options);
    if (!outcome.runLogNotice.isEmpty())
        m_err << kProgram << ": note: " << outcome.runLogNotice << Qt::endl;
    if (outcome.error) {
        fail(*outcome.error);
        if (outcome.rowsKnown)
            m_err << kProgram << ": the version table now holds: " << rowsText(outcome.rowsAfter) << " (read back from the database)"
                  << Qt::endl;
        else
            m_err << kProgram << ": the version table could not be read back; check it with '" << kProgram << " current'"
                  << Qt::endl;
        if (outcome.backup)
            m_err << kProgram << ": to put the database back as it was before this run: " << kProgram << " restore "
                  << outcome.backup->path << Qt::endl;
        if (!outcome.appliedOfFailedStep.isEmpty())
            m_err << kProgram << ": or finish the failed revision by hand and record it with: " << kProgram << " stamp REVISION"
                  << Qt::endl;
        return Failure;
    }
    if (outcome.nothingToDo) {
        m_out << "Nothing to do: another migration brought the database to " << rowsText(outcome.rowsAfter)
              << " while this one waited.\n";
        m_out.flush();
        return Success;
    }
    m_out << "Version rows now: " << rowsText(outcome.rowsAfter) << "\n";
    m_out.flush();
    return Success;
}

int CliApp::runBackup(const QCommandLineParser &args)
{
    const QStringList words = positional(args);
    if (words.size() > 1)
        return usage(QStringLiteral("backup takes at most one file name"));
    std::optional<Project> p = project();
    if (!p) return Failure;
    std::unique_ptr<Connection> connection = connect(&*p);
    if (!connection) return Failure;
    Result<VersionTableState> state = readVersionTable(*connection, VersionTableName::of(*p));
    if (!state) return fail(state.error());
    Result<BackupInfo> backup = createBackup(*connection, state->revisions, words.value(0));
    if (!backup) return fail(backup.error());
    m_out << "Backup: " << backup->path << " (" << backup->summary() << "; " << backup->tables.size() << " tables; checked with "
          << backup->tool << ")\n";
    m_out.flush();
    return Success;
}

int CliApp::runRestore(const QCommandLineParser &args)
{
    const QStringList words = positional(args);
    if (words.size() != 1)
        return usage(QStringLiteral("restore takes the backup file"));
    const std::optional<int> lockTimeout = lockTimeoutOf(args);
    if (!lockTimeout)
        return usage(QStringLiteral("--lock-timeout takes a number of seconds"));
    Result<BackupInfo> backup = readBackupInfo(words.first());
    if (!backup) return fail(backup.error());
    std::optional<Project> p = project();
    if (!p) return Failure;
    std::unique_ptr<Connection> connection = connect(&*p);
    if (!connection) return Failure;
    if (Status wrongTarget = checkRestoreTarget(*connection, *backup); !wrongTarget)
        return fail(wrongTarget.error());
    const VersionTableName versionTable{p->versionTable(), p->versionTableSchema()};
    Result<VersionTableState> state = readVersionTable(*connection, versionTable);
    if (!args.isSet(QStringLiteral("yes"))) {
        if (!m_interactive)
            return fail(QStringLiteral("restore replaces the whole database and there is no terminal to confirm it: pass --yes "
                                       "to restore without asking"));
        m_out << "Restore " << backup->path << "\n  taken " << backup->summary() << "\n  into " << connection->url().toDisplayString()
              << ", now at " << (state ? rowsText(state->revisions) : QStringLiteral("(unknown)")) << ".\n"
              << "Everything in the database is replaced by the backup; tables created since are dropped.\n";
        if (connection->dialect() == Dialect::MySQL)
            m_out << "MySQL/MariaDB cannot restore in one transaction: an interrupted restore leaves some tables restored.\n";
        const QString answer = ask(QStringLiteral("Type 'restore' to go on: "));
        if (answer != QLatin1String("restore")) {
            m_out << "Cancelled; nothing was changed.\n";
            m_out.flush();
            return Failure;
        }
    }
    m_out << "Restoring " << backup->path << " ...\n";
    m_out.flush();
    const RestoreOutcome outcome = restoreWithLog(*connection, *backup, versionTable, *lockTimeout, [this](const QString &holder) {
        m_err << kProgram << ": waiting for the migration lock, held by " << holder << Qt::endl;
    });
    if (outcome.error)
        return fail(*outcome.error);
    m_out << "Restored. Version rows now: " << rowsText(outcome.rowsAfter) << "\n";
    m_out.flush();
    return Success;
}

int CliApp::runLog(const QCommandLineParser &args)
{
    if (!positional(args).isEmpty())
        return usage(QStringLiteral("log takes no arguments"));
    std::optional<Project> p = project();
    if (!p) return Failure;
    std::unique_ptr<Connection> connection = connect(&*p);
    if (!connection) return Failure;
    Result<QList<RunLogEntry>> log = runlog::readAll(*connection, p->versionTableSchema());
    if (!log) return fail(log.error());
    if (args.isSet(QStringLiteral("json"))) {
        QJsonArray runs;
        QJsonObject current;
        QJsonArray steps;
        const auto flush = [&] {
            if (!current.isEmpty()) {
                current.insert(QStringLiteral("steps"), steps);
                runs.append(current);
            }
            current = {};
            steps = {};
        };
        for (const RunLogEntry &e : *log) {
            QJsonObject o{{QStringLiteral("started_at"), e.startedAt.toString(Qt::ISODateWithMs)},
                          {QStringLiteral("from"), QJsonArray::fromStringList(e.fromRevisions)},
                          {QStringLiteral("to"), QJsonArray::fromStringList(e.toRevisions)},
                          {QStringLiteral("duration_ms"), double(e.durationMs)},
                          {QStringLiteral("outcome"), e.outcome},
                          {QStringLiteral("message"), e.message.isEmpty() ? QJsonValue() : QJsonValue(e.message)}};
            if (e.step == 0) {
                flush();
                o.insert(QStringLiteral("run_id"), e.runId);
                o.insert(QStringLiteral("command"), e.command);
                o.insert(QStringLiteral("target"), e.target);
                o.insert(QStringLiteral("os_user"), e.osUser);
                o.insert(QStringLiteral("host"), e.host);
                o.insert(QStringLiteral("backup"), e.backupPath.isEmpty() ? QJsonValue() : QJsonValue(e.backupPath));
                o.insert(QStringLiteral("retort_version"), e.retortVersion);
                current = o;
            } else {
                o.insert(QStringLiteral("step"), e.step);
                o.insert(QStringLiteral("revision"), e.revision);
                o.insert(QStringLiteral("script_sha256"), e.scriptSha256);
                o.insert(QStringLiteral("statements"), QJsonArray::fromStringList(e.statements));
                steps.append(o);
            }
        }
        flush();
        m_out << QJsonDocument(runs).toJson(QJsonDocument::Indented);
        m_out.flush();
        return Success;
    }
    if (log->isEmpty()) {
        m_out << "No runs recorded: Retort has not migrated this database yet.\n";
        m_out.flush();
        return Success;
    }
    for (const RunLogEntry &e : *log) {
        const QString duration = QString::number(double(e.durationMs) / 1000.0, 'f', 2) + QStringLiteral(" s");
        if (e.step == 0) {
            m_out << e.startedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")) << "  " << e.command << " " << e.target << "  "
                  << e.osUser << "@" << e.host << "  " << rowsText(e.fromRevisions) << " -> " << rowsText(e.toRevisions) << "  "
                  << e.outcome << "  " << duration << "\n";
            if (!e.backupPath.isEmpty())
                m_out << "    backup: " << e.backupPath << "\n";
            if (!e.message.isEmpty() && e.outcome != runlog::kOk)
                m_out << "    " << e.message.section(QLatin1Char('\n'), 0, 0) << "\n";
        } else {
            m_out << "    " << e.step << ". " << e.command << " " << e.revision << "  " << e.outcome << "  " << duration
                  << "  sha256 " << e.scriptSha256.left(12) << "\n";
            if (args.isSet(QStringLiteral("statements"))) {
                for (const QString &sql : e.statements)
                    m_out << "        " << QString(sql).replace(QLatin1Char('\n'), QStringLiteral("\n        ")) << ";\n";
            }
        }
    }
    m_out.flush();
    return Success;
}

} // namespace retort::cli
