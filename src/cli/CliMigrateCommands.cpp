// retort-cli upgrade and downgrade: online runs through the core runner, and offline scripts
// (--sql) in the layout of `alembic upgrade --sql`.
#include "CliApp.h"

#include "connection/Connection.h"
#include "migrations/MigrationLock.h"
#include "migrations/MigrationRunner.h"
#include "migrations/ProjectHistory.h"
#include "migrations/VersionTable.h"
#include "project/DatabaseUrlSource.h"
#include "project/NamingConvention.h"
#include "project/Project.h"

namespace retort::cli {

namespace {

const QString kProgram = QStringLiteral("retort-cli");

} // namespace

int CliApp::runUpgrade(const QCommandLineParser &args)
{
    return runMigrate(args, true);
}

int CliApp::runDowngrade(const QCommandLineParser &args)
{
    return runMigrate(args, false);
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

    std::optional<Project> p = project();
    if (!p) return Failure;
    std::optional<ProjectHistory> h = history(*p);
    const VersionTableName versionTable{p->versionTable(), p->versionTableSchema()};
    RevisionOperationSource source(h->graph, findNamingConvention(*p));

    if (offline) {
        Dialect dialect = Dialect::SQLite;
        if (args.isSet(QStringLiteral("dialect"))) {
            const QString name = args.value(QStringLiteral("dialect"));
            if (name == QLatin1String("sqlite")) dialect = Dialect::SQLite;
            else if (name == QLatin1String("postgresql")) dialect = Dialect::PostgreSQL;
            else if (name == QLatin1String("mysql")) dialect = Dialect::MySQL;
            else return usage(QStringLiteral("--dialect must be sqlite, postgresql or mysql, not '%1'").arg(name));
        } else {
            const std::optional<ResolvedDatabaseUrl> url = databaseUrl(&*p);
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
        std::optional<MigrationPlan> replay;
        if (!rows.isEmpty()) {
            // The script starts at `start`: SQLite batch rebuilds need the tables as they are there.
            Result<MigrationPlan> toStart = planUpgrade(h->graph, {}, start);
            if (!toStart) return fail(toStart.error());
            replay = *toStart;
        }
        Result<QString> sql = offlineSql(dialect, source, *plan, versionTable, replay ? &*replay : nullptr);
        if (!sql) return fail(sql.error());
        m_out << *sql;
        m_out.flush();
        return Success;
    }

    int lockTimeout = 10;
    if (args.isSet(QStringLiteral("lock-timeout"))) {
        bool ok = false;
        lockTimeout = args.value(QStringLiteral("lock-timeout")).toInt(&ok);
        if (!ok || lockTimeout < 0)
            return usage(QStringLiteral("--lock-timeout takes a number of seconds"));
    }
    std::unique_ptr<Connection> connection = connect(&*p);
    if (!connection) return Failure;
    // The lock comes first: the plan is made from the version table as it is once nobody else migrates.
    Result<std::unique_ptr<MigrationLock>> lock = MigrationLock::acquire(
        *connection, versionTable.table, lockTimeout, [this](const QString &holder) {
            m_err << kProgram << ": waiting for the migration lock, held by " << holder << Qt::endl;
        });
    if (!lock) return fail(lock.error());
    Result<VersionTableState> state = readVersionTable(*connection, versionTable.table, versionTable.schema);
    if (!state) return fail(state.error());
    Result<MigrationPlan> plan = upgrade ? planUpgrade(h->graph, state->revisions, target)
                                         : planDowngrade(h->graph, state->revisions, target);
    if (!plan) return fail(plan.error());
    if (plan->steps.isEmpty()) {
        m_out << "Nothing to do: the database is at " << (state->revisions.isEmpty() ? QStringLiteral("base")
                                                                                     : state->revisions.join(QStringLiteral(", ")))
              << ".\n";
        m_out.flush();
        return Success;
    }
    const RunObserver observer = [this](const RunEvent &event) {
        if (event.kind == RunEvent::Kind::StepStarted)
            m_out << "Running " << event.step->describe() << "\n";
        else if (event.kind == RunEvent::Kind::Statement && !event.note.isEmpty())
            m_out << "    -- Retort: " << event.note << "\n";
        if (event.kind == RunEvent::Kind::Statement)
            m_out << "    " << QString(event.sql).replace(QLatin1Char('\t'), QStringLiteral("    "))
                                     .replace(QLatin1Char('\n'), QStringLiteral("\n    ")) << ";\n";
        m_out.flush();
    };
    const Status problem = runMigration(*connection, source, *plan, versionTable, observer, lock->get());
    // Releasing commits on SQLite what completed (a failed revision was already rolled back to its savepoint).
    const Status released = (*lock)->release(true);
    if (problem)
        return fail(*problem);
    if (released)
        return fail(*released);
    m_out << "Version rows now: " << (plan->rowsAfter.isEmpty() ? QStringLiteral("(none: base)")
                                                                : plan->rowsAfter.join(QStringLiteral(", "))) << "\n";
    m_out.flush();
    return Success;
}

} // namespace retort::cli
