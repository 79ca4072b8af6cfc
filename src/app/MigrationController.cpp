#include "MigrationController.h"

#include "lint/MigrationLint.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

#include "runner/MigrationProject.h"
#include "runner/PythonWorker.h"
#include "runner/Rehearsal.h"
#include "runner/Simulation.h"
#include "runner/VersionTable.h"

namespace retort::app {

namespace {

// What a task needs, opened in the task's own thread.
struct Opened
{
    std::unique_ptr<MigrationProject> project;
    std::unique_ptr<Connection> connection;
    std::optional<Error> error;
};

// connect: open the target's database; createSqliteFile: a missing SQLite file is created (a run
// the user confirmed after a plan that said so); emptyIfMissing: a missing SQLite file is planned
// against an empty in-memory database instead (upgrade and stamp previews), nothing created.
std::unique_ptr<Opened> openTarget(const MigrationTarget &target, bool connect = true, bool createSqliteFile = false,
                                   bool emptyIfMissing = false)
{
    auto o = std::make_unique<Opened>();
    Result<std::unique_ptr<MigrationProject>> project = MigrationProject::open(target.projectDir);
    if (!project) {
        o->error = project.error();
        return o;
    }
    o->project = std::move(project).value();
    if (o->project->project().multiDatabase()) {
        // Which bind a connection is for is not known here, and upgrade(engine_name) must not run on the wrong one.
        o->error = makeError(QObject::tr("This project keeps one database per bind (Flask-Migrate --multidb). The window does not "
                                         "migrate such projects yet: use retort-cli upgrade (every database in turn, as flask db "
                                         "upgrade) or retort-cli --bind NAME upgrade."));
        return o;
    }
    if (connect) {
        Connection::Options options;
        options.purpose = QStringLiteral("migration");
        options.createSqliteFile = createSqliteFile && target.url.isCreatableSqliteFile();
        const bool empty = emptyIfMissing && target.url.isCreatableSqliteFile();
        Result<std::unique_ptr<Connection>> c = Connection::open(empty ? *DatabaseUrl::parse(QStringLiteral("sqlite://")) : target.url, options);
        if (!c)
            o->error = c.error();
        else
            o->connection = std::move(c.value());
    }
    return o;
}

} // namespace

namespace {
const QString kInterpreters = QStringLiteral("projectInterpreters");
}

QString projectInterpreter(const QString &projectDir)
{
    return QSettings().value(kInterpreters).toMap().value(QDir::cleanPath(projectDir)).toString();
}

void setProjectInterpreter(const QString &projectDir, const QString &path)
{
    QSettings settings;
    QVariantMap choices = settings.value(kInterpreters).toMap();
    if (path.isEmpty())
        choices.remove(QDir::cleanPath(projectDir));
    else
        choices.insert(QDir::cleanPath(projectDir), path);
    settings.setValue(kInterpreters, choices);
}

MigrationController::MigrationController(QObject *parent) : QObject(parent) {}

MigrationController::~MigrationController() = default;   // m_tasks: a running migration stops after its current revision

void MigrationController::requestPreview(const MigrationTarget &target, Action action, const QString &revision)
{
    m_tasks.run([target, action, revision]() -> Result<Preview> {
        std::unique_ptr<Opened> o = openTarget(target, true, false, action != Action::Downgrade);
        if (o->error)
            return *o->error;
        Preview p;
        p.action = action;
        p.target = revision;
        p.engine = o->connection->serverVersion();
        if (action != Action::Downgrade && target.url.isCreatableSqliteFile())
            p.createsDatabase = target.url.database();
        if (action == Action::Stamp) {
            Result<StampPreview> stamp = previewStamp(*o->connection, o->project->graph(), o->project->versionTable(), {revision});
            if (!stamp)
                return stamp.error();
            p.preview = stamp->preview;
            p.sql = stamp->sql;
            // Whether the tables will match what the version table then says: the schema at the
            // stamped revisions, computed without a database, next to the live one.
            const StampCheck check = checkStamp(*o->connection, o->project->operations(), p.preview.plan.rowsAfter,
                                                o->project->versionTable());
            p.stampMismatches = check.differences;
            if (!check.unknown.isEmpty())
                p.stampCheck = QObject::tr("Retort cannot tell whether the database matches: %1.").arg(check.unknown);
            return p;
        }
        Result<MigrationPreview> preview = previewMigration(*o->connection, o->project->operations(), o->project->versionTable(),
                                                            action == Action::Upgrade, revision, true);
        if (!preview)
            return preview.error();
        p.preview = *preview;
        // What the linter says of the revisions this plan runs, in the direction it runs them.
        LintOptions lint;
        lint.dialects = {o->connection->dialect()};
        lint.projectRoot = o->project->project().rootDir();
        lint.upgrades = action == Action::Upgrade;
        lint.downgrades = action == Action::Downgrade;
        for (const MigrationStep &step : preview->plan.steps) {
            if (step.revision >= 0)
                lint.revisions << step.revision;
        }
        if (!lint.revisions.isEmpty()) {
            for (const LintFinding &f : lintHistory(o->project->operations(), lint).findings) {
                // The history-wide findings (a head left unmerged) only when they are about a step of this plan.
                if (f.upgrade == (action == Action::Upgrade) && lint.revisions.contains(o->project->graph().indexOf(f.revision)))
                    p.lint << f;
            }
        }
        // How many rows each DELETE/UPDATE would touch, counted now on a read-only session.
        countDataChanges(o->connection->url(), &p.preview.dataChanges);
        if (!preview->pythonSteps.isEmpty()) {
            // Which revisions run through Python, and with which interpreter: chosen, not started (a
            // preview runs nothing of the project's; the run checks its Alembic and SQLAlchemy first).
            Result<InterpreterChoice> python = chooseInterpreter(o->project->project(), InterpreterRequest{{}, target.python});
            if (!python)
                return python.error();
            QStringList which;
            for (const auto &entry : std::as_const(preview->pythonSteps))
                which << o->project->graph().at(preview->plan.steps.at(entry.first).revision).id;
            p.interpreter = *python;
            p.pythonNote = QObject::tr("%n revision(s) run through the project's Python (%1) with %2 (%3), whose Alembic and "
                                       "SQLAlchemy are checked before anything runs; what they drop is known only when they run.",
                                       nullptr, int(which.size()))
                               .arg(which.join(QStringLiteral(", ")), python->path, python->source);
        }
        // The statements as the offline script has them; SQLite replays the history below first. The
        // revisions that need Python are placeholders here: a preview runs none of the project's code
        // (their SQL comes on request, requestPythonSql, or as they run).
        Result<QString> sql = offlineSqlFrom(o->connection->dialect(), o->project->operations(), preview->plan,
                                             o->project->versionTable(), true);
        p.sql = sql ? *sql : QObject::tr("-- The SQL cannot be shown before the run: %1").arg(sql.error().toString());
        if (p.createsDatabase.isEmpty())
            p.defaultBackupPath = defaultBackupPath(*o->connection, preview->plan.rowsBefore);
        return p;
    }, [this](Result<Preview> preview) {
        if (preview)
            emit previewReady(*preview);
        else
            emit previewFailed(preview.error());
    });
}

void MigrationController::run(const MigrationTarget &target, const Preview &preview, bool backup, const QString &backupPath)
{
    m_busy = true;
    m_tasks.run([this, target, preview, backup, backupPath](const BackgroundTasks::Context &context) {
        // Progress is posted to this object; the work itself touches nothing of it.
        std::unique_ptr<Opened> o = openTarget(target, true, !preview.createsDatabase.isEmpty());
        MigrationOutcome outcome;
        if (o->error) {
            outcome.error = *o->error;
        } else if (preview.action == Action::Stamp) {
            const Status problem = writeStamp(*o->connection, preview.preview.plan, o->project->versionTable());
            if (!problem.ok())
                outcome.error = problem.error();
            Result<VersionTableState> state = readVersionTable(*o->connection, o->project->versionTable());
            outcome.rowsAfter = state ? state->revisions : QStringList();
            outcome.rowsKnown = state.ok();
        } else {
            MigrationOptions options;
            options.envIncludesSchemas = o->project->project().includesSchemas();
            options.backup = backup;
            options.backupPath = backupPath;
            options.cancelRequested = [context]() { return context.cancelled(); };
            if (!preview.pythonNote.isEmpty()) {
                const InterpreterChoice interpreter = preview.interpreter;
                MigrationProject *project = o->project.get();
                const DatabaseUrl url = o->connection->url();
                options.startPython = [project, interpreter, url]() {
                    return PythonWorker::start(project->project(), PythonWorker::Settings{interpreter, url, {}, 120000, {}});
                };
                options.pythonStarted = [this, context](const PythonWorker &worker) {
                    const QString text = QObject::tr("%1: Python %2, Alembic %3, SQLAlchemy %4 (%5)")
                                             .arg(worker.interpreter().path, worker.pythonVersion(), worker.alembicVersion(),
                                                  worker.sqlalchemyVersion(), worker.environmentNote());
                    context.post([this, text]() { emit stageChanged(text); });
                };
            }
            options.stage = [this, context](const QString &stage) { context.post([this, stage]() { emit stageChanged(stage); }); };
            options.waiting = [this, context](const QString &holder) {
                const QString text = QObject::tr("Waiting for the migration lock, held by %1").arg(holder);
                context.post([this, text]() { emit stageChanged(text); });
            };
            options.observer = [this, context](const RunEvent &event) {
                if (event.kind == RunEvent::Kind::StepStarted) {
                    const int index = event.stepIndex;
                    const int count = event.stepCount;
                    const QString text = event.step->describe();
                    context.post([this, index, count, text]() { emit stepStarted(index, count, text); });
                } else if (event.kind == RunEvent::Kind::Statement) {
                    const QString sql = event.sql;
                    context.post([this, sql]() { emit statementStarted(sql); });
                } else if (event.kind == RunEvent::Kind::Caught || event.kind == RunEvent::Kind::Message) {
                    const QString text = event.kind == RunEvent::Kind::Caught
                                             ? QObject::tr("failed: %1").arg(event.note)
                                             : QObject::tr("the revision prints: %1").arg(event.note);
                    context.post([this, text]() { emit runNote(text); });
                }
            };
            outcome = runSafeMigration(*o->connection, o->project->operations(), o->project->versionTable(), preview.preview, options);
        }
        return outcome;
    }, [this](MigrationOutcome outcome) {
        m_busy = false;
        emit runFinished(outcome);
    });
}

void MigrationController::cancel()
{
    m_tasks.cancel();
}

void MigrationController::restore(const MigrationTarget &target, const QString &backupPath, bool backupFirst)
{
    m_busy = true;
    m_tasks.run([target, backupPath, backupFirst]() {
        RestoreOutcome outcome;
        std::unique_ptr<Opened> o = openTarget(target);
        Result<BackupInfo> info = readBackupInfo(backupPath);
        if (o->error) {
            outcome.error = *o->error;
            return outcome;
        }
        if (!info) {
            outcome.error = info.error();
            return outcome;
        }
        if (Status wrongTarget = checkRestoreTarget(*o->connection, *info); !wrongTarget) {
            outcome.error = wrongTarget.error();
            return outcome;
        }
        if (backupFirst) {
            Result<VersionTableState> rows = readVersionTable(*o->connection, o->project->versionTable());
            Result<BackupInfo> now = createBackup(*o->connection, rows ? rows->revisions : QStringList());
            if (!now) {
                outcome.error = now.error();
                outcome.error->message = QObject::tr("Nothing was restored: the backup of the database as it is now failed. %1")
                                             .arg(now.error().message);
                return outcome;
            }
            outcome.backupBefore = now->path;
        }
        const QString before = outcome.backupBefore;
        outcome = restoreWithLog(*o->connection, *info, o->project->versionTable());
        outcome.backupBefore = before;
        return outcome;
    }, [this](RestoreOutcome outcome) {
        m_busy = false;
        emit restoreFinished(outcome);
    });
}

void MigrationController::requestPythonSql(const MigrationTarget &target, const Preview &preview)
{
    m_tasks.run([target, preview]() -> std::pair<QString, QString> {
        std::unique_ptr<Opened> o = openTarget(target);
        if (o->error)
            return {QString(), o->error->toString()};
        // Alembic's offline mode, through the project's Python, with no connection at all.
        PythonWorker::Settings settings{preview.interpreter, {}, {}, 120000, sqlalchemyBackendName(o->connection->dialect())};
        Result<std::unique_ptr<PythonWorker>> offline = PythonWorker::start(o->project->project(), settings);
        if (!offline)
            return {QString(), offline.error().toString()};
        Result<QString> sql = offlineSqlFrom(o->connection->dialect(), o->project->operations(), preview.preview.plan,
                                             o->project->versionTable(), true, offline->get());
        (*offline)->stop();
        if (!sql)
            return {QString(), sql.error().toString()};
        QString text = *sql;
        // A revision that needs a live connection cannot print offline: the plan is rehearsed on a
        // copy instead (SQLite: of the file; servers: a scratch database with the schema only), and
        // its statements shown, labelled as such.
        if (text.contains(QLatin1String("cannot be shown without a live connection"))) {
            RehearsalSettings rehearsal{o->project->versionTable(), preview.interpreter};
            Result<QString> rehearsed = rehearseOnCopy(*o->connection, o->project->project(), o->project->operations(),
                                                       preview.preview.plan, rehearsal);
            if (rehearsed)
                return {*rehearsed, QString()};
            text = QObject::tr("-- Retort: no rehearsal on a copy: %1\n\n").arg(rehearsed.error().toString()) + text;
        }
        return {QObject::tr("-- Retort: the revisions that need Python below were printed by %1 in Alembic's offline mode.\n\n")
                    .arg(preview.interpreter.path) + text, QString()};
    }, [this](std::pair<QString, QString> answer) { emit pythonSqlReady(answer.first, answer.second); });
}

void MigrationController::requestRevisionSql(const MigrationTarget &target, const QString &revision, quint64 ticket)
{
    m_tasks.run([target, revision]() -> std::pair<QString, QString> {
        std::unique_ptr<Opened> o = openTarget(target, false);
        if (o->error)
            return {QString(), o->error->toString()};
        const int index = o->project->graph().indexOf(revision);
        Result<QString> text = index < 0 ? Result<QString>(makeError(QObject::tr("Unknown revision %1").arg(revision)))
                                         : revisionSql(target.url.dialect(), o->project->operations(), index, o->project->versionTable());
        return text ? std::make_pair(*text, QString()) : std::make_pair(QString(), text.error().toString());
    }, [this, ticket](std::pair<QString, QString> answer) { emit revisionSqlReady(ticket, answer.first, answer.second); });
}

} // namespace retort::app
