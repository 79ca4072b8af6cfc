// Copy, run, collect, delete.
#include "runner/Rehearsal.h"

#include "project/Project.h"
#include "runner/ExternalTool.h"
#include "runner/PythonWorker.h"
#include "runner/VersionTable.h"
#include "sql/Identifiers.h"

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

namespace retort {

namespace {

// Runs the plan on the copy at url and returns the statements, labelled.
Result<QString> runRehearsal(const DatabaseUrl &url, const QString &label, const Project &project, RevisionOperationSource &source,
                             const MigrationPlan &plan, const RehearsalSettings &settings)
{
    Connection::Options options;
    options.purpose = QStringLiteral("rehearsal");
    Result<std::unique_ptr<Connection>> copy = Connection::open(url, options);
    if (!copy)
        return copy.error();
    std::unique_ptr<PythonWorker> worker;
    if (!stepsNeedingPython(source, plan).isEmpty()) {
        Result<std::unique_ptr<PythonWorker>> started =
            PythonWorker::start(project, PythonWorker::Settings{settings.python, url, {}, 120000, {}});
        if (!started)
            return started.error();
        worker = std::move(started.value());
    }
    QString out = QStringLiteral("-- Retort: REHEARSAL. %1 (nothing ran on the database itself); these are the statements it "
                                 "executed there.\n\n").arg(label);
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

// A scratch database on the live one's server, dropped when this goes away.
class ScratchServerDatabase
{
public:
    explicit ScratchServerDatabase(const Connection &live) : m_live(live) {}
    ~ScratchServerDatabase()
    {
        if (m_name.isEmpty())
            return;
        QSqlQuery q(m_live.database());
        if (m_live.dialect() == Dialect::PostgreSQL) {
            // Its sessions (the rehearsal's own, closed by now) must be gone before it can be dropped.
            q.exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%1'").arg(m_name));
        }
        q.exec(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(quoteIdentifier(m_live.dialect(), m_name)));
    }
    Status create()
    {
        const QString name = QStringLiteral("retort_rehearsal_%1").arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'));
        QSqlQuery q(m_live.database());
        const QString sql = QStringLiteral("CREATE DATABASE %1").arg(quoteIdentifier(m_live.dialect(), name));
        if (!q.exec(sql))
            return m_live.queryError(QStringLiteral("No rehearsal: the database user may not create a scratch database"), q.lastError(), sql);
        m_name = name;
        return Status();
    }
    QString name() const { return m_name; }

private:
    const Connection &m_live;
    QString m_name;
};

// The live database's schema (no rows) into the scratch database, with the server's own tools.
Status copySchema(const Connection &live, const DatabaseUrl &scratch, const QString &folder)
{
    using namespace backup;
    const QString dumpFile = folder + QStringLiteral("/schema.sql");
    CredentialFiles credentials;
    if (live.dialect() == Dialect::PostgreSQL) {
        Result<QString> dump = findTool({QStringLiteral("pg_dump")}, QStringLiteral("postgresql-client"));
        Result<QString> psql = findTool({QStringLiteral("psql")}, QStringLiteral("postgresql-client"));
        if (!dump || !psql)
            return !dump ? dump.error() : psql.error();
        ToolCall out{*dump, {QStringLiteral("--schema-only"), QStringLiteral("--no-owner"), QStringLiteral("--no-privileges"),
                             QStringLiteral("--no-password"), QStringLiteral("--file=") + dumpFile}};
        if (Status problem = credentials.preparePostgres(live.url(), &out.environment); !problem)
            return problem;
        if (Result<ToolRun> run = runTool(out, live.url()); !run)
            return run.error();
        CredentialFiles scratchCredentials;
        ToolCall in{*psql, {QStringLiteral("--no-psqlrc"), QStringLiteral("--quiet"), QStringLiteral("--no-password"),
                            QStringLiteral("--set=ON_ERROR_STOP=1"), QStringLiteral("--single-transaction"),
                            QStringLiteral("--file=") + dumpFile}};
        if (Status problem = scratchCredentials.preparePostgres(scratch, &in.environment); !problem)
            return problem;
        if (Result<ToolRun> run = runTool(in, scratch); !run)
            return run.error();
        return Status();
    }
    Result<QString> dump = findTool({QStringLiteral("mariadb-dump"), QStringLiteral("mysqldump")}, QStringLiteral("mariadb-client"));
    Result<QString> client = findTool({QStringLiteral("mariadb"), QStringLiteral("mysql")}, QStringLiteral("mariadb-client"));
    if (!dump || !client)
        return !dump ? dump.error() : client.error();
    Result<QString> defaults = credentials.prepareMysql(live.url());
    if (!defaults)
        return defaults.error();
    ToolCall out{*dump, {*defaults, QStringLiteral("--no-data"), QStringLiteral("--single-transaction"), QStringLiteral("--no-tablespaces"),
                         QStringLiteral("--result-file=") + dumpFile, QStringLiteral("--"), live.url().database()}};
    if (Result<ToolRun> run = runTool(out, live.url()); !run)
        return run.error();
    // --sandbox: the dump is SQL, and the client's own commands (\\! shell, \\. source, system) are refused.
    ToolCall in{*client, {*defaults, QStringLiteral("--batch"), QStringLiteral("--sandbox"), QStringLiteral("--database=") + scratch.database()}};
    in.stdinFile = dumpFile;
    if (Result<ToolRun> run = runTool(in, scratch); !run)
        return run.error();
    return Status();
}

} // namespace

Result<QString> rehearseOnCopy(const Connection &live, const Project &project, RevisionOperationSource &source,
                               const MigrationPlan &plan, const RehearsalSettings &settings)
{
    QTemporaryDir dir;
    if (!dir.isValid())
        return makeError(QStringLiteral("No temporary folder for the rehearsal: %1").arg(dir.errorString()));
    if (live.dialect() == Dialect::SQLite) {
        const QFileInfo file(live.database().databaseName());
        if (file.size() > settings.maxDatabaseBytes)
            return makeError(QStringLiteral("The database file is %1 MB, too large to copy for a preview").arg(file.size() / (1024 * 1024)));
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
        return runRehearsal(*url, QStringLiteral("The plan was run on a copy of the database made just now"), project, source, plan,
                            settings);
    }

    // PostgreSQL, MySQL/MariaDB: a scratch database on the same server with the schema only (no
    // rows), the version rows the plan starts from, dropped afterwards.
    ScratchServerDatabase scratch(live);
    if (Status problem = scratch.create(); !problem)
        return problem.error();
    const DatabaseUrl url = live.url().withDatabase(scratch.name());
    if (Status problem = copySchema(live, url, dir.path()); !problem) {
        Error e = problem.error();
        e.message = QStringLiteral("No rehearsal: the schema could not be copied to a scratch database: ") + e.message;
        return e;
    }
    {
        Connection::Options options;
        options.purpose = QStringLiteral("rehearsal-rows");
        Result<std::unique_ptr<Connection>> copy = Connection::open(url, options);
        if (!copy)
            return copy.error();
        QSqlQuery q((*copy)->database());
        q.exec(QStringLiteral("DELETE FROM %1").arg(quoteQualified(live.dialect(), settings.versionTable.table, settings.versionTable.schema)));
        for (const QString &row : plan.rowsBefore) {
            q.prepare(QStringLiteral("INSERT INTO %1 (version_num) VALUES (?)")
                          .arg(quoteQualified(live.dialect(), settings.versionTable.table, settings.versionTable.schema)));
            q.addBindValue(row);
            q.exec();
        }
    }
    return runRehearsal(url, QStringLiteral("The plan was run on a scratch database with the schema of this one and none of its "
                                            "rows, made just now and dropped after"),
                        project, source, plan, settings);
}

} // namespace retort
