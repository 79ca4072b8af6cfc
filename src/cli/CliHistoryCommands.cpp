// retort-cli commands about the revision history: history, heads, branches, show, current, stamp,
// validate, graph and plan. Output formats are alembic's where alembic has the command.
#include "CliApp.h"

#include "runner/PythonInterpreter.h"

#include "connection/Connection.h"
#include "migrations/HistoryFormat.h"
#include "migrations/MigrationPlan.h"
#include "runner/MigrationRunner.h"
#include "migrations/ProjectHistory.h"
#include "runner/VersionTable.h"
#include "project/DatabaseUrlSource.h"
#include "project/NamingConvention.h"
#include "project/Project.h"
#include "runner/RunLog.h"
#include "runner/Simulation.h"

#include <QJsonDocument>
#include <QSet>

#include <algorithm>

namespace retort::cli {

namespace {

const QString kProgram = QStringLiteral("retort-cli");

} // namespace

std::optional<ProjectHistory> CliApp::history(const Project &project, bool reportProblems)
{
    ProjectHistory history = ProjectHistory::load(project);
    reportHistoryProblems(history, reportProblems);
    return history;
}

std::unique_ptr<MigrationProject> CliApp::migrationProject(bool reportProblems)
{
    std::optional<Project> p = project();
    if (!p)
        return nullptr;
    auto opened = std::make_unique<MigrationProject>(std::move(*p));
    if (m_bind)
        opened->operations().selectBind(*m_bind);
    reportHistoryProblems(opened->history(), reportProblems);
    return opened;
}

void CliApp::reportHistoryProblems(const ProjectHistory &history, bool reportProblems)
{
    if (reportProblems) {
        // Like a compiler: problems go to stderr, and the usable rest of the graph still answers.
        int errors = 0;
        for (const Problem &p : history.problems)
            errors += p.isError();
        if (errors > 0)
            m_err << kProgram << ": warning: the project has " << errors << " problem(s); run '" << kProgram
                  << " validate' to list them" << Qt::endl;
    }
}

std::optional<std::pair<Project, ProjectHistory>> CliApp::openHistory(const QCommandLineParser &args, const QString &command,
                                                                      int *exitCode, bool reportProblems)
{
    if (!positional(args).isEmpty()) {
        *exitCode = usage(QStringLiteral("%1 takes no arguments").arg(command));
        return std::nullopt;
    }
    std::optional<Project> p = project();
    if (!p) {
        *exitCode = Failure;
        return std::nullopt;
    }
    std::optional<ProjectHistory> h = history(*p, reportProblems);
    return std::make_pair(*p, std::move(*h));
}

std::optional<QStringList> CliApp::versionRows(const Project &project, const QString &rowsOption)
{
    if (!rowsOption.isNull())
        return rowsOption.split(QLatin1Char(','), Qt::SkipEmptyParts);
    std::unique_ptr<Connection> connection = connect(&project);
    if (!connection)
        return std::nullopt;
    Result<VersionTableState> state = readVersionTable(*connection, VersionTableName::of(project));
    if (!state) {
        fail(state.error());
        return std::nullopt;
    }
    return state->revisions;
}

int CliApp::runHistory(const QCommandLineParser &args)
{
    if (!positional(args).isEmpty())
        return usage(QStringLiteral("history takes no arguments; use -r START:END for a range"));
    std::optional<Project> p = project();
    if (!p) return Failure;
    std::optional<ProjectHistory> h = history(*p);
    QString base, head;
    if (args.isSet(QStringLiteral("r"))) {
        const QString range = args.value(QStringLiteral("r")).trimmed();
        if (range.count(QLatin1Char(':')) != 1)
            return fail(QStringLiteral("History range requires [start]:[end], [start]:, or :[end]"));
        base = range.section(QLatin1Char(':'), 0, 0);
        head = range.section(QLatin1Char(':'), 1, 1);
    }
    QSet<QString> current;
    const bool indicate = args.isSet(QStringLiteral("i"));
    if (indicate || base == QLatin1String("current") || head == QLatin1String("current")) {
        const std::optional<QStringList> rows = versionRows(*p);
        if (!rows) return Failure;
        current = QSet<QString>(rows->cbegin(), rows->cend());
        for (QString *end : {&base, &head}) {
            if (*end != QLatin1String("current"))
                continue;
            if (rows->size() > 1)
                return fail(QStringLiteral("The database is at several revisions (%1); name one instead of 'current'.")
                                .arg(rows->join(QStringLiteral(", "))));
            *end = rows->isEmpty() ? QStringLiteral("base") : rows->first();
        }
    }
    Result<QVector<int>> revisions = historyRevisions(h->graph, base, head);
    if (!revisions) return fail(revisions.error());
    m_out << historyOutput(h->graph, *revisions, args.isSet(QStringLiteral("v")), current, indicate);
    m_out.flush();
    return Success;
}

int CliApp::runHeads(const QCommandLineParser &args)
{
    int exitCode = Success;
    auto opened = openHistory(args, QStringLiteral("heads"), &exitCode);
    if (!opened) return exitCode;
    const ProjectHistory *h = &opened->second;
    m_out << headsOutput(h->graph, args.isSet(QStringLiteral("v")), args.isSet(QStringLiteral("resolve-dependencies")));
    m_out.flush();
    return Success;
}

int CliApp::runBranches(const QCommandLineParser &args)
{
    int exitCode = Success;
    auto opened = openHistory(args, QStringLiteral("branches"), &exitCode);
    if (!opened) return exitCode;
    const ProjectHistory *h = &opened->second;
    Result<QVector<int>> revisions = historyRevisions(h->graph, QString(), QString());
    if (!revisions) return fail(revisions.error());
    m_out << branchesOutput(h->graph, *revisions, args.isSet(QStringLiteral("v")));
    m_out.flush();
    return Success;
}

int CliApp::runShow(const QCommandLineParser &args)
{
    const QStringList revs = positional(args);
    if (revs.size() != 1)
        return usage(QStringLiteral("show takes one revision identifier"));
    std::optional<Project> p = project();
    if (!p) return Failure;
    std::optional<ProjectHistory> h = history(*p);
    QVector<int> shown;
    if (revs.first() == QLatin1String("current")) {
        const std::optional<QStringList> rows = versionRows(*p);
        if (!rows) return Failure;
        for (const QString &row : *rows) {
            Result<QVector<int>> one = resolveRevisions(h->graph, row);
            if (!one) return fail(one.error());
            shown += *one;
        }
    } else {
        Result<QVector<int>> resolved = resolveRevisions(h->graph, revs.first());
        if (!resolved) return fail(resolved.error());
        shown = *resolved;
    }
    for (int r : shown) {
        if (r >= 0)
            m_out << formatLogEntry(h->graph, r) << "\n";
    }
    m_out.flush();
    return Success;
}

int CliApp::runCurrent(const QCommandLineParser &args)
{
    int exitCode = Success;
    auto opened = openHistory(args, QStringLiteral("current"), &exitCode);
    if (!opened) return exitCode;
    const Project *p = &opened->first;
    const ProjectHistory *h = &opened->second;
    std::unique_ptr<Connection> connection = connect(&*p);
    if (!connection) return Failure;
    Result<VersionTableState> state = readVersionTable(*connection, VersionTableName::of(*p));
    if (!state) return fail(state.error());
    const bool verbose = args.isSet(QStringLiteral("v"));
    if (verbose)
        m_out << "Current revision(s) for " << connection->url().toDisplayString() << ":\n";
    // Rows the scripts do not know are reported (alembic stops at the first one).
    QStringList known, unknown;
    for (const QString &row : state->revisions)
        (h->graph.indexOf(row) >= 0 ? known : unknown) << row;
    Result<QVector<int>> current = currentRevisions(h->graph, known);
    if (!current) return fail(current.error());
    HeadOnlyFormat format;
    for (int r : *current)
        m_out << (verbose ? formatLogEntry(h->graph, r) : formatRevisionLine(h->graph, r, format)) << "\n";
    m_out.flush();
    if (!unknown.isEmpty())
        return fail(QStringLiteral("The version table %1 holds %2, which no revision file defines (alembic stops here with "
                                   "\"Can't locate revision identified by '%3'\").")
                        .arg(p->versionTable(), unknown.join(QStringLiteral(", ")), unknown.first()));
    return Success;
}

int CliApp::runStamp(const QCommandLineParser &args)
{
    const QStringList revs = positional(args);
    if (revs.isEmpty())
        return usage(QStringLiteral("stamp needs at least one revision (or 'base')"));
    std::optional<Project> p = project();
    if (!p) return Failure;
    std::optional<ProjectHistory> h = history(*p);
    if (args.isSet(QStringLiteral("sql")))
        return printStampSql(*p, *h, revs, args.isSet(QStringLiteral("purge")));
    std::unique_ptr<Connection> connection = connect(&*p, true);
    if (!connection) return Failure;
    Result<VersionTableState> state = readVersionTable(*connection, VersionTableName::of(*p));
    if (!state) return fail(state.error());
    Result<MigrationPlan> plan = planStamp(h->graph, state->revisions, revs, args.isSet(QStringLiteral("purge")));
    if (!plan) return fail(plan.error());
    // As alembic stamp, it stamps; unlike it, it says when the tables do not match the revision.
    {
        RevisionOperationSource source(h->graph);
        const StampCheck check = checkStamp(*connection, source, plan->rowsAfter, VersionTableName::of(*p));
        const QString at = plan->rowsAfter.isEmpty() ? QStringLiteral("base") : plan->rowsAfter.join(QStringLiteral(", "));
        for (const QString &d : check.differences)
            m_err << "retort-cli: warning: the database does not match " << at << ": " << d << Qt::endl;
        if (!check.unknown.isEmpty())
            m_err << "retort-cli: note: " << check.unknown << Qt::endl;
    }
    if (Status problem = writeStamp(*connection, *plan, VersionTableName::of(*p)); !problem)
        return fail(problem.error());
    for (const MigrationStep &step : plan->steps)
        m_out << "Running stamp_revision " << step.fromRevisions.join(QStringLiteral(", ")) << " -> "
              << step.toRevisions.join(QStringLiteral(", ")) << "\n";
    m_out << "Version rows now: " << (plan->rowsAfter.isEmpty() ? QStringLiteral("(none: base)") : plan->rowsAfter.join(QStringLiteral(", ")))
          << "\n";
    m_out.flush();
    return Success;
}

// stamp --sql: the version table's statements as Alembic's offline mode prints them, from base (or
// from FROM in FROM:TARGET) to the targets. No database is read.
int CliApp::printStampSql(const Project &project, const ProjectHistory &history, const QStringList &revs, bool purge)
{
    if (purge)
        return fail(QStringLiteral("Can't use --purge with --sql mode"));
    std::optional<ResolvedDatabaseUrl> url = databaseUrl(&project);
    if (!url) return Failure;
    QStringList from;
    QStringList targets = revs;
    if (revs.size() == 1 && revs.first().contains(QLatin1Char(':'))) {
        const QString start = revs.first().section(QLatin1Char(':'), 0, 0);
        targets = {revs.first().section(QLatin1Char(':'), 1)};
        if (!start.isEmpty() && start != QLatin1String("base"))
            from << start;
    }
    Result<MigrationPlan> plan = planStamp(history.graph, from, targets, false);
    if (!plan) return fail(plan.error());
    RevisionOperationSource source(history.graph);   // a stamp reads no revision's operations
    Result<QString> sql = offlineSql(url->url.dialect(), source, *plan, VersionTableName::of(project));
    if (!sql) return fail(sql.error());
    m_out << *sql;
    m_out.flush();
    return Success;
}

int CliApp::runValidate(const QCommandLineParser &args)
{
    if (!positional(args).isEmpty())
        return usage(QStringLiteral("validate takes no arguments"));
    std::unique_ptr<MigrationProject> opened = migrationProject(false);
    if (!opened) return Failure;
    const Project *p = &opened->project();
    const ProjectHistory *h = &opened->history();
    const QVector<std::optional<NeedsPython>> needsPython = revisionsNeedingPython(opened->operations());
    if (args.isSet(QStringLiteral("json"))) {
        m_out << QJsonDocument(historyToJson(*p, *h, &needsPython)).toJson(QJsonDocument::Indented);
    } else {
        int warnings = 0;
        for (const Problem &problem : h->problems) {
            warnings += !problem.isError();
            QString where = problem.path.isEmpty() ? p->name() : p->relativePath(problem.path);
            if (problem.line > 0)
                where += QLatin1Char(':') + QString::number(problem.line);
            m_out << where << ": " << Problem::severityName(problem.severity) << ": " << problem.message << "\n";
        }
        int pythonOnly = 0;
        int broken = 0;
        for (int i = 0; i < h->graph.size(); ++i) {
            if (!needsPython[i])
                continue;
            const RevisionScript &script = h->graph.scriptOf(i);
            if (needsPython[i]->failsInAlembic) {
                ++broken;
                m_out << p->relativePath(script.path) << ":" << needsPython[i]->line << ": warning: revision " << script.revision
                      << " cannot run under Alembic either: " << needsPython[i]->reason << "\n";
                continue;
            }
            ++pythonOnly;
            m_out << p->relativePath(script.path) << ":" << needsPython[i]->line << ": needs Python: revision "
                  << script.revision << ": " << needsPython[i]->reason << "\n";
        }
        if (args.isSet(QStringLiteral("verbose"))) {
            // Imports Alembic runs and Retort does not need: a revision that reads natively leaves them out.
            for (int i = 0; i < h->graph.size(); ++i) {
                if (needsPython[i])
                    continue;
                const std::vector<InertImport> &up = opened->operations().operations(i, true).inertImports;
                const std::vector<InertImport> &down = opened->operations().operations(i, false).inertImports;
                const RevisionScript &script = h->graph.scriptOf(i);
                for (const InertImport &imported : up) {
                    const bool unusedByDowngrade = std::any_of(down.begin(), down.end(), [&](const InertImport &d) {
                        return d.name == imported.name;
                    });
                    if (!unusedByDowngrade)
                        continue;
                    m_out << p->relativePath(script.path) << ":" << imported.line << ": note: revision " << script.revision
                          << ": '" << imported.name << "' (from " << imported.module << ") is not used by upgrade() or "
                          << "downgrade() as Retort runs them; Alembic imports it, Retort does not\n";
                }
            }
        }
        warnings += broken + reportChangedScripts(*p, *h);
        m_out << h->graph.size() << " revisions, " << h->graph.heads().size() << " head(s), " << h->errorCount()
              << " error(s), " << warnings << " warning(s), " << pythonOnly << " revision(s) that need Python\n";
    }
    m_out.flush();
    return h->errorCount() > 0 ? Failure : Success;
}

int CliApp::reportChangedScripts(const Project &project, const ProjectHistory &history)
{
    // Optional: without a database URL there is no log to compare with.
    Result<ResolvedDatabaseUrl> url = resolveDatabaseUrl(&project, databaseUrlInputsFromEnvironment(m_url));
    if (!url)
        return 0;
    Connection::Options options;
    options.connectTimeoutSeconds = 3;
    options.purpose = QStringLiteral("validate");
    Result<std::unique_ptr<Connection>> connection = Connection::open(url->url, options);
    if (!connection) {
        m_err << "retort-cli: note: applied revisions were not compared with their files: " << connection.error().toString() << Qt::endl;
        return 0;
    }
    Result<QList<RunLogEntry>> log = runlog::readAll(**connection, project.versionTableSchema());
    if (!log) {
        m_err << "retort-cli: note: applied revisions were not compared with their files: " << log.error().toString() << Qt::endl;
        return 0;
    }
    const auto currentSha = [&history](const QString &revision) {
        const int index = history.graph.indexOf(revision);
        if (index < 0)
            return QString();
        return runlog::scriptSha256(history.graph.scriptOf(index).path);
    };
    const QList<runlog::ChangedScript> changed = runlog::changedScripts(*log, currentSha);
    for (const runlog::ChangedScript &c : changed) {
        const int index = history.graph.indexOf(c.revision);
        m_out << project.relativePath(history.graph.scriptOf(index).path) << ": warning: revision " << c.revision
              << " was applied to the database on " << c.appliedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))
              << " and its file has changed since (SHA-256 was " << c.loggedSha256.left(12) << "…)\n";
    }
    return int(changed.size());
}

int CliApp::runGraph(const QCommandLineParser &args)
{
    if (!positional(args).isEmpty())
        return usage(QStringLiteral("graph takes no arguments"));
    const QString format = args.isSet(QStringLiteral("format")) ? args.value(QStringLiteral("format")) : QStringLiteral("json");
    if (format != QLatin1String("json") && format != QLatin1String("dot"))
        return usage(QStringLiteral("--format must be json or dot, not '%1'").arg(format));
    std::unique_ptr<MigrationProject> opened = migrationProject(false);
    if (!opened) return Failure;
    if (format == QLatin1String("dot")) {
        m_out << historyToDot(opened->history());
    } else {
        const QVector<std::optional<NeedsPython>> needsPython = revisionsNeedingPython(opened->operations());
        m_out << QJsonDocument(historyToJson(opened->project(), opened->history(), &needsPython)).toJson(QJsonDocument::Indented);
    }
    m_out.flush();
    return Success;
}

int CliApp::runPlan(const QCommandLineParser &args)
{
    const QStringList words = positional(args);
    if (words.size() != 2 || (words[0] != QLatin1String("upgrade") && words[0] != QLatin1String("downgrade")))
        return usage(QStringLiteral("plan takes 'upgrade TARGET' or 'downgrade TARGET'"));
    std::unique_ptr<MigrationProject> opened = migrationProject();
    if (!opened) return Failure;
    const Project *p = &opened->project();
    const ProjectHistory *h = &opened->history();
    const std::optional<QStringList> rows = versionRows(*p, args.isSet(QStringLiteral("rows")) ? args.value(QStringLiteral("rows"))
                                                                                               : QString());
    if (!rows) return Failure;
    Result<MigrationPlan> plan = words[0] == QLatin1String("upgrade") ? planUpgrade(h->graph, *rows, words[1])
                                                                      : planDowngrade(h->graph, *rows, words[1]);
    if (!plan) return fail(plan.error());
    const auto rowsText = [](const QStringList &r) { return r.isEmpty() ? QStringLiteral("base") : r.join(QStringLiteral(", ")); };
    m_out << "# " << words[0] << " " << words[1] << " from " << rowsText(plan->rowsBefore) << ": " << plan->steps.size()
          << " step(s)\n";
    QStringList needPython;
    for (const MigrationStep &step : plan->steps) {
        const OperationsRead &read = opened->operations().operations(step.revision, step.upgrade);
        m_out << step.describe() << (read.needsPython ? QStringLiteral("  [needs Python]") : QString()) << "\n";
        if (read.needsPython)
            needPython << QStringLiteral("%1 (line %2: %3)").arg(h->graph.at(step.revision).id).arg(read.needsPython->line)
                                  .arg(read.needsPython->reason);
        for (const VersionChange &change : step.versionChanges)
            m_out << "    " << change.sql(Dialect::SQLite, p->versionTable(), p->versionTableSchema()) << "\n";
    }
    m_out << "# version rows after: " << rowsText(plan->rowsAfter) << "\n";
    if (!needPython.isEmpty()) {
        // Which Python would run them: chosen, not started (nothing runs until a migration does).
        const Result<InterpreterChoice> python = chooseInterpreter(*p, InterpreterRequest{m_python, {}});
        m_out << "# " << needPython.size() << " revision(s) need Python: " << needPython.join(QStringLiteral("; ")) << "\n"
              << "# Python: " << (python ? QStringLiteral("%1 (%2)").arg(python->path, python->source) : python.error().toString())
              << "\n";
    }
    m_out.flush();
    return Success;
}

} // namespace retort::cli
