// Worker tasks on the global thread pool; every result is posted back to this object through a
// QPointer, so a task that outlives the window drops its result.
#include "MigrationController.h"

#include "runner/MigrationProject.h"
#include "runner/VersionTable.h"

#include <QMetaObject>
#include <QPointer>
#include <QThreadPool>

namespace retort::app {

namespace {

// What a task needs, opened in the task's own thread.
struct Opened
{
    std::unique_ptr<MigrationProject> project;
    std::unique_ptr<Connection> connection;
    std::optional<Error> error;
};

std::unique_ptr<Opened> openTarget(const MigrationTarget &target, bool connect = true)
{
    auto o = std::make_unique<Opened>();
    Result<std::unique_ptr<MigrationProject>> project = MigrationProject::open(target.projectDir);
    if (!project) {
        o->error = project.error();
        return o;
    }
    o->project = std::move(project).value();
    if (connect) {
        Connection::Options options;
        options.purpose = QStringLiteral("migration");
        Result<std::unique_ptr<Connection>> c = Connection::open(target.url, options);
        if (!c)
            o->error = c.error();
        else
            o->connection = std::move(c.value());
    }
    return o;
}

template<typename F>
void post(QPointer<MigrationController> self, F f)
{
    QMetaObject::invokeMethod(self, [self, f]() {
        if (self)
            f(self.data());
    }, Qt::QueuedConnection);
}

} // namespace

MigrationController::MigrationController(QObject *parent) : QObject(parent), m_cancel(std::make_shared<std::atomic<bool>>(false)) {}

MigrationController::~MigrationController()
{
    // Tasks hold only a QPointer to this object and the shared cancel flag: a running migration stops
    // after its current revision, and its result is dropped. (The application waits for the pool on exit.)
    m_cancel->store(true);
}

void MigrationController::requestPreview(const MigrationTarget &target, Action action, const QString &revision)
{
    QPointer<MigrationController> self(this);
    QThreadPool::globalInstance()->start([self, target, action, revision]() {
        std::unique_ptr<Opened> o = openTarget(target);
        if (o->error) {
            const Error e = *o->error;
            post(self, [e](MigrationController *c) { emit c->previewFailed(e); });
            return;
        }
        Preview p;
        p.action = action;
        p.target = revision;
        p.engine = o->connection->serverVersion();
        if (action == Action::Stamp) {
            Result<StampPreview> stamp = previewStamp(*o->connection, o->project->graph(), o->project->versionTable(), {revision});
            if (!stamp) {
                const Error e = stamp.error();
                post(self, [e](MigrationController *c) { emit c->previewFailed(e); });
                return;
            }
            p.preview = stamp->preview;
            p.sql = stamp->sql;
        } else {
            Result<MigrationPreview> preview = previewMigration(*o->connection, o->project->operations(), o->project->versionTable(),
                                                                action == Action::Upgrade, revision);
            if (!preview) {
                const Error e = preview.error();
                post(self, [e](MigrationController *c) { emit c->previewFailed(e); });
                return;
            }
            p.preview = *preview;
            // The statements as the offline script has them; SQLite replays the history below first.
            Result<QString> sql = offlineSqlFrom(o->connection->dialect(), o->project->operations(), preview->plan, o->project->versionTable(), true);
            p.sql = sql ? *sql : QObject::tr("-- The SQL cannot be shown before the run: %1").arg(sql.error().toString());
            p.defaultBackupPath = defaultBackupPath(*o->connection, preview->plan.rowsBefore);
        }
        post(self, [p](MigrationController *c) { emit c->previewReady(p); });
    });
}

void MigrationController::run(const MigrationTarget &target, const Preview &preview, bool backup, const QString &backupPath)
{
    m_busy = true;
    m_cancel->store(false);
    QPointer<MigrationController> self(this);
    const std::shared_ptr<std::atomic<bool>> cancel = m_cancel;
    QThreadPool::globalInstance()->start([self, target, preview, backup, backupPath, cancel]() {
        std::unique_ptr<Opened> o = openTarget(target);
        MigrationOutcome outcome;
        if (o->error) {
            outcome.error = *o->error;
        } else if (preview.action == Action::Stamp) {
            const Status problem = writeStamp(*o->connection, preview.preview.plan, o->project->versionTable());
            if (problem)
                outcome.error = *problem;
            Result<VersionTableState> state = readVersionTable(*o->connection, o->project->versionTable());
            outcome.rowsAfter = state ? state->revisions : QStringList();
            outcome.rowsKnown = state.ok();
        } else {
            MigrationOptions options;
            options.backup = backup;
            options.backupPath = backupPath;
            options.cancelRequested = [cancel]() { return cancel->load(); };
            options.stage = [self](const QString &stage) { post(self, [stage](MigrationController *c) { emit c->stageChanged(stage); }); };
            options.waiting = [self](const QString &holder) {
                const QString text = QObject::tr("Waiting for the migration lock, held by %1").arg(holder);
                post(self, [text](MigrationController *c) { emit c->stageChanged(text); });
            };
            options.observer = [self](const RunEvent &event) {
                if (event.kind == RunEvent::Kind::StepStarted) {
                    const int index = event.stepIndex;
                    const int count = event.stepCount;
                    const QString text = event.step->describe();
                    post(self, [index, count, text](MigrationController *c) { emit c->stepStarted(index, count, text); });
                } else if (event.kind == RunEvent::Kind::Statement) {
                    const QString sql = event.sql;
                    post(self, [sql](MigrationController *c) { emit c->statementStarted(sql); });
                }
            };
            outcome = runSafeMigration(*o->connection, o->project->operations(), o->project->versionTable(), preview.preview, options);
        }
        post(self, [outcome](MigrationController *c) {
            c->m_busy = false;
            emit c->runFinished(outcome);
        });
    });
}

void MigrationController::cancel()
{
    m_cancel->store(true);
}

void MigrationController::restore(const MigrationTarget &target, const QString &backupPath)
{
    m_busy = true;
    QPointer<MigrationController> self(this);
    QThreadPool::globalInstance()->start([self, target, backupPath]() {
        RestoreOutcome outcome;
        std::unique_ptr<Opened> o = openTarget(target);
        Result<BackupInfo> info = readBackupInfo(backupPath);
        if (o->error)
            outcome.error = *o->error;
        else if (!info)
            outcome.error = info.error();
        else
            outcome = restoreWithLog(*o->connection, *info, o->project->versionTable());
        post(self, [outcome](MigrationController *c) {
            c->m_busy = false;
            emit c->restoreFinished(outcome);
        });
    });
}

void MigrationController::requestRevisionSql(const MigrationTarget &target, const QString &revision, quint64 ticket)
{
    QPointer<MigrationController> self(this);
    QThreadPool::globalInstance()->start([self, target, revision, ticket]() {
        std::unique_ptr<Opened> o = openTarget(target, false);
        QString sql;
        QString error;
        if (o->error) {
            error = o->error->toString();
        } else {
            const int index = o->project->graph().indexOf(revision);
            Result<QString> text = index < 0 ? Result<QString>(makeError(QObject::tr("Unknown revision %1").arg(revision)))
                                             : revisionSql(target.url.dialect(), o->project->operations(), index, o->project->versionTable());
            if (text)
                sql = *text;
            else
                error = text.error().toString();
        }
        post(self, [ticket, sql, error](MigrationController *c) { emit c->revisionSqlReady(ticket, sql, error); });
    });
}

} // namespace retort::app
