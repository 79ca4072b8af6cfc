// Copy, run, collect, delete.
#include "runner/Rehearsal.h"

#include "project/Project.h"
#include "runner/PythonWorker.h"

#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

namespace retort {

Result<QString> rehearseOnCopy(const Connection &live, const Project &project, RevisionOperationSource &source,
                               const MigrationPlan &plan, const RehearsalSettings &settings)
{
    if (live.dialect() != Dialect::SQLite)
        return makeError(QStringLiteral("Rehearsals on a copy are made for SQLite databases only"));
    const QFileInfo file(live.database().databaseName());
    if (file.size() > settings.maxDatabaseBytes)
        return makeError(QStringLiteral("The database file is %1 MB, too large to copy for a preview").arg(file.size() / (1024 * 1024)));
    QTemporaryDir dir;
    if (!dir.isValid())
        return makeError(QStringLiteral("No temporary folder for the rehearsal copy: %1").arg(dir.errorString()));
    const QString copyPath = dir.filePath(QStringLiteral("rehearsal.sqlite"));
    {
        QSqlQuery vacuum(live.database());
        QString quoted = copyPath;
        quoted.replace(QLatin1Char('\''), QStringLiteral("''"));
        if (!vacuum.exec(QStringLiteral("VACUUM INTO '%1'").arg(quoted)))
            return live.queryError(QStringLiteral("Could not copy the database for a rehearsal"), vacuum.lastError());
    }
    Result<DatabaseUrl> url = DatabaseUrl::parse(QStringLiteral("sqlite:///") + copyPath);
    if (!url)
        return url.error();
    Connection::Options options;
    options.purpose = QStringLiteral("rehearsal");
    Result<std::unique_ptr<Connection>> copy = Connection::open(*url, options);
    if (!copy)
        return copy.error();

    std::unique_ptr<PythonWorker> worker;
    if (!stepsNeedingPython(source, plan).isEmpty()) {
        Result<std::unique_ptr<PythonWorker>> started =
            PythonWorker::start(project, PythonWorker::Settings{settings.python, *url, {}, 120000, {}});
        if (!started)
            return started.error();
        worker = std::move(started.value());
    }

    QString out = QStringLiteral("-- Retort: REHEARSAL. The plan was run on a copy of the database made just now (nothing ran on the "
                                 "database itself); these are the statements it executed there.\n\n");
    RunSettings run;
    run.versionTable = settings.versionTable;
    run.python = worker.get();
    run.observer = [&out](const RunEvent &event) {
        if (event.kind == RunEvent::Kind::StepStarted)
            out += QStringLiteral("-- Running %1%2\n\n").arg(event.step->describe(), event.python ? QStringLiteral(" (Python)") : QString());
        else if (event.kind == RunEvent::Kind::Statement)
            out += QString(event.sql).replace(QLatin1Char('\t'), QStringLiteral("    ")).trimmed() + QStringLiteral(";\n\n");
    };
    const Status problem = runMigration(**copy, source, plan, run);
    if (worker)
        worker->stop();
    if (!problem)
        out += QStringLiteral("-- Retort: on the copy the rehearsal stopped here: %1\n").arg(problem.error().message);
    return out;
}

} // namespace retort
