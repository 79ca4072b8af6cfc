// retort-cli inspect: the live schema, read with a few catalog queries.
#include "CliApp.h"
#include "runner/MigrationProject.h"
#include "runner/Simulation.h"
#include "runner/PythonWorker.h"
#include "runner/Stairway.h"
#include "runner/VersionTable.h"

#include "compare/TableStatus.h"

#include "compare/RevisionFromModels.h"
#include "compare/Autogenerate.h"
#include "compare/ProjectComparison.h"
#include "compare/SchemaCompare.h"
#include "connection/Connection.h"
#include "migrations/ProjectHistory.h"
#include "migrations/PostWriteHooks.h"
#include "migrations/RevisionWriter.h"
#include "runner/PythonInterpreter.h"
#include "models/ModelJson.h"
#include "models/ModelReader.h"
#include "project/DatabaseUrlSource.h"
#include "project/Project.h"
#include "schema/SchemaJson.h"
#include "schema/SchemaText.h"
#include "schema/SchemaReader.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace retort::cli {

namespace {

const QString kProgram = QStringLiteral("retort-cli");

} // namespace

int CliApp::runInspect(const QCommandLineParser &args)
{
    if (!args.positionalArguments().isEmpty())
        return usage(QStringLiteral("inspect takes no arguments, got '%1'").arg(args.positionalArguments().first()));
    // A project is optional: --url or RETORT_DATABASE_URL is enough.
    std::optional<Project> p;
    if (Result<Project> opened = Project::open(m_projectDir.isEmpty() ? QDir::currentPath() : m_projectDir, m_config, m_section))
        p = opened.value();
    else if (!m_projectDir.isEmpty())
        return fail(opened.error());
    std::unique_ptr<Connection> connection = connect(p ? &*p : nullptr);
    if (!connection)
        return Failure;
    IntrospectionOptions options;
    options.schema = args.value(QStringLiteral("schema"));
    QElapsedTimer timer;
    timer.start();
    Result<Schema> schema = introspectSchema(*connection, options);
    if (!schema)
        return fail(schema.error());
    const qint64 ms = timer.elapsed();
    return printSchema(*schema, connection->dialect(), args.isSet(QStringLiteral("json")),
                       QStringLiteral("# %1: %2 tables, %3 views, read in %4 ms").arg(schema->name).arg(schema->tables.size())
                           .arg(schema->views.size()).arg(ms));
}

int CliApp::printSchema(const Schema &schemaRead, Dialect dialect, bool json, const QString &header)
{
    const Schema *schema = &schemaRead;
    if (json) {
        m_out << QJsonDocument(introspectionToJson(*schema, dialect)).toJson(QJsonDocument::Indented);
        m_out.flush();
        return Success;
    }
    m_out << header << "\n" << schemaText(*schema);
    m_out.flush();
    return Success;
}

// schema-at: the schema the revisions up to REV produce, computed without a database: in memory with
// the types and names of --dialect (default: the project URL's engine, else SQLite), or for SQLite by
// replaying the native revisions on an in-memory SQLite copy.
int CliApp::schemaDialect(const QCommandLineParser &args, const Project &project, Dialect *dialect, bool *mariadb)
{
    if (args.isSet(QStringLiteral("dialect"))) {
        const QString name = args.value(QStringLiteral("dialect")).toLower();
        *mariadb = name == QLatin1String("mariadb");
        if (name == QLatin1String("sqlite")) *dialect = Dialect::SQLite;
        else if (name == QLatin1String("postgresql")) *dialect = Dialect::PostgreSQL;
        else if (name == QLatin1String("mysql") || *mariadb) *dialect = Dialect::MySQL;
        else return usage(QStringLiteral("--dialect must be sqlite, postgresql, mysql or mariadb, not '%1'").arg(name));
    } else if (Result<ResolvedDatabaseUrl> url = resolveDatabaseUrl(&project, databaseUrlInputsFromEnvironment(m_url))) {
        *dialect = url->url.dialect();
        *mariadb = url->url.backendName() == QLatin1String("mariadb");
    }
    return Success;
}

QString CliApp::schemaComputedHow(Dialect dialect, bool mariadb)
{
    return dialect == Dialect::SQLite
        ? QStringLiteral("by replaying the native revisions on an in-memory SQLite database")
        : QStringLiteral("in memory from the native revisions, with %1's types and names").arg(mariadb ? QStringLiteral("MariaDB") : dialectDisplayName(dialect));
}

int CliApp::runSchemaAt(const QCommandLineParser &args)
{
    const QStringList targets = positional(args);
    if (targets.isEmpty())
        return usage(QStringLiteral("schema-at needs a revision (an id, a label, heads, or base)"));
    std::unique_ptr<MigrationProject> opened = migrationProject(false);
    if (!opened) return Failure;
    Dialect dialect = Dialect::SQLite;
    bool mariadb = false;
    if (const int status = schemaDialect(args, opened->project(), &dialect, &mariadb); status != Success)
        return status;
    QStringList revisions;
    for (const QString &t : targets) {
        if (t != QLatin1String("base"))
            revisions << t;
    }
    QElapsedTimer timer;
    timer.start();
    // Revisions that need Python: run only when asked (--run-python), through the project's Python in
    // Alembic's offline mode, their statements on the scratch SQLite copy.
    std::unique_ptr<PythonWorker> python;
    if (const std::optional<PythonRevisions> needs = revisionsNeedingPython(opened->operations(), revisions)) {
        if (!args.isSet(QStringLiteral("run-python"))) {
            Error e = needs->first;
            e.message += QStringLiteral("; --run-python runs the %1 revision(s) that need it through the project's Python, in Alembic's "
                                        "offline mode, on a scratch SQLite copy").arg(needs->revisions.size());
            return fail(e);
        }
        const Result<InterpreterChoice> interpreter = chooseInterpreter(opened->project(), InterpreterRequest{m_python, {}});
        if (!interpreter) return fail(interpreter.error());
        m_err << kProgram << ": " << needs->revisions.join(QStringLiteral(", ")) << " run through the project's Python (" << interpreter->path
              << ", " << interpreter->source << ") in Alembic's offline mode, on a scratch SQLite copy" << Qt::endl;
        Result<std::unique_ptr<PythonWorker>> started = PythonWorker::startOffline(opened->project(), *interpreter, Dialect::SQLite, m_xArguments);
        if (!started) return fail(started.error());
        python = std::move(started.value());
        if (dialect != Dialect::SQLite)
            m_err << kProgram << ": note: the schema is SQLite's: statements from Python are SQL text, run on the scratch copy" << Qt::endl;
        dialect = Dialect::SQLite;
        mariadb = false;
    }
    Result<Schema> schema = python ? simulatedSchema(opened->operations(), revisions, opened->versionTable(), python.get())
                                   : schemaAtRevisions(opened->operations(), revisions, dialect, opened->versionTable(), mariadb);
    if (!schema)
        return fail(schema.error());
    const QString how = schemaComputedHow(dialect, mariadb) + (python ? QStringLiteral(", the revisions that need Python through it") : QString());
    return printSchema(*schema, dialect, args.isSet(QStringLiteral("json")),
                       QStringLiteral("# at %1: %2 tables, computed in %3 ms %4").arg(targets.join(QStringLiteral(", "))).arg(schema->tables.size())
                           .arg(timer.elapsed()).arg(how));
}

namespace {

QString kindName(SchemaDifference::Kind k)
{
    using K = SchemaDifference::Kind;
    switch (k) {
    case K::AddTable: return QStringLiteral("add_table");
    case K::RemoveTable: return QStringLiteral("remove_table");
    case K::AddColumn: return QStringLiteral("add_column");
    case K::RemoveColumn: return QStringLiteral("remove_column");
    case K::ModifyNullable: return QStringLiteral("modify_nullable");
    case K::ModifyType: return QStringLiteral("modify_type");
    case K::ModifyDefault: return QStringLiteral("modify_default");
    case K::ModifyComment: return QStringLiteral("modify_comment");
    case K::ModifyTableComment: return QStringLiteral("modify_table_comment");
    case K::AddIndex: return QStringLiteral("add_index");
    case K::RemoveIndex: return QStringLiteral("remove_index");
    case K::AddUnique: return QStringLiteral("add_unique");
    case K::RemoveUnique: return QStringLiteral("remove_unique");
    case K::AddForeignKey: return QStringLiteral("add_fk");
    case K::RemoveForeignKey: return QStringLiteral("remove_fk");
    case K::AddCheck: return QStringLiteral("add_check");
    case K::RemoveCheck: return QStringLiteral("remove_check");
    case K::RenameColumn: return QStringLiteral("rename_column");
    case K::PossibleRename: return QStringLiteral("possible_rename");
    case K::UnnamedConstraint: return QStringLiteral("unnamed_constraint");
    }
    return {};
}

// --rename TABLE.OLD=NEW (TABLE may be schema.table)
const QRegularExpression &renameForm()
{
    static const QRegularExpression form(QStringLiteral("^([^.=]+(?:\\.[^.=]+)?)\\.([^.=]+)=([^.=]+)$"));
    return form;
}

} // namespace

std::optional<int> CliApp::checkRenames(const QCommandLineParser &args)
{
    for (const QString &rename : args.values(QStringLiteral("rename"))) {
        if (!renameForm().match(rename).hasMatch())
            return usage(QStringLiteral("--rename takes TABLE.OLD=NEW, not '%1'").arg(rename));
    }
    return std::nullopt;
}

// --models, --compare-server-default and --rename as comparison options.
ProjectComparisonOptions CliApp::comparisonOptions(const QCommandLineParser &args)
{
    ProjectComparisonOptions options;
    options.models.modelPaths = args.values(QStringLiteral("models"));
    options.compare.compareServerDefaults = args.isSet(QStringLiteral("compare-server-default"));
    for (const QString &rename : args.values(QStringLiteral("rename"))) {
        const QRegularExpressionMatch m = renameForm().match(rename);
        options.compare.renames.insert(m.captured(1) + QLatin1Char('.') + m.captured(2), m.captured(3));
    }
    return options;
}

// The shared first half of diff, check and revision --autogenerate: the project's models, the live
// schema, and their differences. Returns nullopt after printing the error.
std::optional<ProjectComparison> CliApp::compareWithDatabase(const QCommandLineParser &args, DatabaseState required)
{
    std::optional<Project> p = project();
    if (!p)
        return std::nullopt;
    std::unique_ptr<Connection> connection = connect(&*p);
    if (!connection)
        return std::nullopt;
    ProjectComparisonOptions options = comparisonOptions(args);
    options.requireAtHeads = required == DatabaseState::AtHeads;
    Result<ProjectComparison> compared = compareProjectWithDatabase(*p, *connection, options);
    if (!compared) {
        fail(compared.error());
        return std::nullopt;
    }
    for (const ModelDiagnostic &d : std::as_const(compared->models->diagnostics))
        m_err << kProgram << ": " << (d.source.file.isEmpty() ? d.message : d.toString()) << Qt::endl;
    return std::move(compared).value();
}

int CliApp::printTableStatuses(const ProjectComparison &comparison, bool json)
{
    std::optional<Project> p = project();
    if (!p)
        return Failure;
    const QList<TableStatus> statuses = tableStatuses(&comparison, nullptr, p->versionTable());
    if (json) {
        QJsonArray out;
        for (const TableStatus &s : statuses) {
            out.append(QJsonObject{{QStringLiteral("table"), s.name},
                                   {QStringLiteral("state"), s.stateName()},
                                   {QStringLiteral("differences"), s.operations},
                                   {QStringLiteral("notes"), s.notes},
                                   {QStringLiteral("description"), s.describe()}});
        }
        m_out << QJsonDocument(out).toJson(QJsonDocument::Indented);
    } else {
        qsizetype width = 0;
        for (const TableStatus &s : statuses)
            width = std::max(width, s.name.size());
        for (const TableStatus &s : statuses)
            m_out << s.name.leftJustified(width + 2) << s.describe() << "\n";
        const DifferenceCounts counts = countDifferences(comparison.differences);
        m_out << counts.operations() << " difference(s) in " << statuses.size() << " table(s); " << counts.notes
              << " note(s).\n";
    }
    m_out.flush();
    return Success;
}

int CliApp::runDiff(const QCommandLineParser &args)
{
    if (!args.positionalArguments().isEmpty())
        return usage(QStringLiteral("diff takes no arguments"));
    if (std::optional<int> bad = checkRenames(args))
        return *bad;
    std::optional<ProjectComparison> c = compareWithDatabase(args, DatabaseState::Any);
    if (!c)
        return Failure;
    if (args.isSet(QStringLiteral("tables")))
        return printTableStatuses(*c, args.isSet(QStringLiteral("json")));
    if (args.isSet(QStringLiteral("json"))) {
        QJsonArray out;
        for (const SchemaDifference &d : std::as_const(c->differences)) {
            out.append(QJsonObject{{QStringLiteral("kind"), kindName(d.kind)},
                                   {QStringLiteral("operation"), d.isOperation()},
                                   {QStringLiteral("table"), d.table},
                                   {QStringLiteral("column"), d.column.isEmpty() ? QJsonValue() : QJsonValue(d.column)},
                                   {QStringLiteral("name"), d.name.isEmpty() ? QJsonValue() : QJsonValue(d.name)},
                                   {QStringLiteral("database"), d.from.isEmpty() ? QJsonValue() : QJsonValue(d.from)},
                                   {QStringLiteral("models"), d.to.isEmpty() ? QJsonValue() : QJsonValue(d.to)},
                                   {QStringLiteral("file"), d.source.file.isEmpty() ? QJsonValue() : QJsonValue(d.source.file)},
                                   {QStringLiteral("line"), d.source.line},
                                   {QStringLiteral("message"), d.describe()}});
        }
        m_out << QJsonDocument(out).toJson(QJsonDocument::Indented);
        m_out.flush();
        return Success;
    }
    int operations = 0;
    for (const SchemaDifference &d : std::as_const(c->differences)) {
        if (!d.isOperation())
            continue;
        ++operations;
        m_out << d.describe() << (d.source.file.isEmpty() ? QString() : QStringLiteral("  (%1:%2)").arg(d.source.file).arg(d.source.line))
              << "\n";
    }
    if (operations == 0)
        m_out << "No differences between the models and the database.\n";
    for (const SchemaDifference &d : std::as_const(c->differences)) {
        if (!d.isOperation())
            m_out << (d.kind == SchemaDifference::Kind::PossibleRename ? "question: " : "warning: ") << d.describe() << "\n";
    }
    m_out.flush();
    return Success;
}

int CliApp::runCheck(const QCommandLineParser &args)
{
    if (!args.positionalArguments().isEmpty())
        return usage(QStringLiteral("check takes no arguments"));
    if (std::optional<int> bad = checkRenames(args))
        return *bad;
    std::optional<ProjectComparison> c = compareWithDatabase(args, DatabaseState::AtHeads);
    if (!c)
        return Failure;
    QStringList operations;
    for (const SchemaDifference &d : std::as_const(c->differences)) {
        if (d.isOperation())
            operations << d.describe();
    }
    if (operations.isEmpty()) {
        m_out << "No new upgrade operations detected.\n";
        m_out.flush();
        return Success;
    }
    m_err << kProgram << ": New upgrade operations detected:\n";
    for (const QString &o : std::as_const(operations))
        m_err << "  " << o << "\n";
    m_err.flush();
    return Failure;
}

int CliApp::runRevision(const QCommandLineParser &args)
{
    if (!args.positionalArguments().isEmpty())
        return usage(QStringLiteral("revision takes no arguments (give the message with -m)"));
    if (std::optional<int> bad = checkRenames(args))
        return *bad;
    std::optional<Project> p = project();
    if (!p)
        return Failure;
    const ProjectHistory history = ProjectHistory::load(*p);
    if (history.errorCount() > 0)   // before connecting: the files are the first thing to fix
        return fail(QStringLiteral("The revision history has errors; run 'retort-cli validate' and fix them first."));
    RevisionRequest request;
    request.message = args.value(QStringLiteral("m"));
    request.head = args.value(QStringLiteral("head"));
    request.splice = args.isSet(QStringLiteral("splice"));
    request.revisionId = args.value(QStringLiteral("rev-id"));
    request.branchLabel = args.value(QStringLiteral("branch-label"));
    request.dependsOn = args.values(QStringLiteral("depends-on"));
    request.versionPath = args.value(QStringLiteral("version-path"));
    request.autogenerate = args.isSet(QStringLiteral("autogenerate"));
    if (args.isSet(QStringLiteral("batch")) && args.isSet(QStringLiteral("no-batch")))
        return usage(QStringLiteral("--batch and --no-batch contradict each other"));
    if (args.isSet(QStringLiteral("batch")) || args.isSet(QStringLiteral("no-batch")))
        request.batch = args.isSet(QStringLiteral("batch"));
    request.comparison = comparisonOptions(args);
    std::unique_ptr<Connection> connection;
    if (request.autogenerate) {
        connection = connect(&*p);
        if (!connection)
            return Failure;
    }
    Result<PreparedRevision> prepared = prepareRevision(*p, history, connection.get(), request);
    if (!prepared)
        return fail(prepared.error());
    for (const ModelDiagnostic &d : std::as_const(prepared->diagnostics))
        m_err << kProgram << ": " << (d.source.file.isEmpty() ? d.message : d.toString()) << Qt::endl;
    if (request.autogenerate) {
        for (const QString &line : std::as_const(prepared->detected))
            m_err << kProgram << ": " << line << Qt::endl;
        for (const QString &note : std::as_const(prepared->notes))
            m_err << kProgram << ": note: " << note << Qt::endl;
        if (prepared->operations == 0)
            m_err << kProgram << ": No changes in schema detected." << Qt::endl;
    }
    Result<QString> path = saveRevisionFile(prepared->file.path, prepared->file.text, prepared->file.encoding);
    if (!path)
        return fail(path.error());
    return finishRevisionFile(*p, *path);
}

int CliApp::runMerge(const QCommandLineParser &args)
{
    const QStringList revisions = positional(args);
    if (revisions.isEmpty())
        return usage(QStringLiteral("merge needs the revisions to merge (heads: every head)"));
    std::optional<Project> p = project();
    if (!p)
        return Failure;
    const ProjectHistory history = ProjectHistory::load(*p);
    if (history.errorCount() > 0)
        return fail(QStringLiteral("The revision history has errors; run 'retort-cli validate' and fix them first."));
    NewRevision options;
    options.message = args.value(QStringLiteral("m"));
    options.revisionId = args.value(QStringLiteral("rev-id"));
    if (args.isSet(QStringLiteral("branch-label")))
        options.branchLabels << args.value(QStringLiteral("branch-label"));
    Result<RenderedRevision> merge = renderMerge(*p, history.graph, revisions, options);
    if (!merge)
        return fail(merge.error());
    Result<QString> path = saveRevisionFile(merge->path, merge->text, merge->encoding);
    if (!path)
        return fail(path.error());
    return finishRevisionFile(*p, *path);
}

int CliApp::finishRevisionFile(const Project &project, const QString &path)
{
    m_out << "Generating " << path << " ...  done\n";
    m_out.flush();
    const QList<PostWriteHook> &hooks = project.revisionFileSettings().hooks;
    if (hooks.isEmpty())
        return Success;
    QString python;
    const bool needsPython = std::any_of(hooks.begin(), hooks.end(), [](const PostWriteHook &h) { return h.type == QLatin1String("console_scripts"); });
    if (needsPython) {
        const Result<InterpreterChoice> chosen = chooseInterpreter(project, InterpreterRequest{m_python, {}});
        if (chosen)
            python = chosen->path;
    }
    Result<QList<HookCommand>> commands = postWriteHookCommands(project, path, python);
    if (!commands) {
        fail(commands.error());
        m_err << kProgram << ": the revision file was written and is kept: " << path << Qt::endl;
        return Failure;
    }
    for (const HookCommand &command : std::as_const(*commands)) {
        m_out << "Running post write hook \"" << command.name << "\": " << command.display << "\n";
        m_out.flush();
        const HookResult result = runPostWriteHook(command);
        if (!result.output.isEmpty()) {
            m_out << result.output;
            if (!result.output.endsWith(QLatin1Char('\n')))
                m_out << "\n";
        }
        m_out.flush();
        if (!result.ok())
            m_err << kProgram << ": warning: post write hook \"" << command.name << "\" "
                  << (!result.error.isEmpty() ? result.error : QStringLiteral("exited with status %1").arg(result.exitCode))
                  << "; the revision file is kept: " << path << Qt::endl;
    }
    return Success;
}

// identify: which revision the database's tables are, whatever its version table says: the live
// schema next to each revision's computed one, the closest first.
int CliApp::runIdentify(const QCommandLineParser &args)
{
    if (!positional(args).isEmpty())
        return usage(QStringLiteral("identify takes no arguments"));
    std::unique_ptr<MigrationProject> opened = migrationProject(false);
    if (!opened) return Failure;
    std::unique_ptr<Connection> connection = connect(&opened->project());
    if (!connection) return Failure;
    Result<Schema> live = introspectSchema(*connection);
    if (!live) return fail(live.error());
    Result<VersionTableState> state = readVersionTable(*connection, opened->versionTable());
    const QStringList recorded = state && state->exists ? state->revisions : QStringList();
    QElapsedTimer timer;
    timer.start();
    QStringList unknown;
    const QList<RevisionMatch> matches = identifyRevision(opened->operations(), *live, opened->versionTable().table, connection->dialect(), &unknown);
    const qint64 ms = timer.elapsed();
    if (args.isSet(QStringLiteral("json"))) {
        QJsonArray list;
        for (const RevisionMatch &m : matches)
            list.append(QJsonObject{{QStringLiteral("revision"), m.revision}, {QStringLiteral("differences"), QJsonArray::fromStringList(m.differences)}});
        m_out << QJsonDocument(QJsonObject{{QStringLiteral("version_table"), state && state->exists ? QJsonValue(QJsonArray::fromStringList(recorded))
                                                                                                    : QJsonValue()},
                                           {QStringLiteral("matches"), list},
                                           {QStringLiteral("unknown"), QJsonArray::fromStringList(unknown)}})
                     .toJson(QJsonDocument::Indented);
        m_out.flush();
        return Success;
    }
    m_out << "The database's tables next to the schemas of the " << matches.size() << " closest of " << opened->graph().size()
          << " revisions, computed without a database in " << ms << " ms.\n";
    m_out << "Its version table " << (!state || !state->exists ? QStringLiteral("does not exist")
                                      : recorded.isEmpty() ? QStringLiteral("is empty")
                                                           : QStringLiteral("says ") + recorded.join(QStringLiteral(", "))) << ".\n";
    if (matches.isEmpty()) {
        m_out << "No revision's schema could be computed.\n";
    } else if (matches.first().differences.isEmpty()) {
        QStringList exact;
        for (const RevisionMatch &m : matches) {
            if (m.differences.isEmpty())
                exact << m.revision;
        }
        m_out << "Matches " << exact.join(QStringLiteral(", ")) << " exactly (tables, columns, indexes)"
              << (exact.size() > 1 ? " (their schemas are the same)" : "") << ".\n";
    } else {
        for (qsizetype i = 0; i < std::min<qsizetype>(3, matches.size()); ++i) {
            const RevisionMatch &m = matches.at(i);
            m_out << (i == 0 ? "Closest: " : "Then:    ") << m.revision << ", " << m.differences.size() << " difference(s):\n";
            for (const QString &d : m.differences)
                m_out << "  " << d << "\n";
        }
    }
    for (const QString &u : std::as_const(unknown))
        m_out << "Not compared (its schema needs the project's Python): " << u << "\n";
    m_out.flush();
    return Success;
}

// schema-diff: what changes in the schema from one revision to another, table by table, with the
// revisions (file:line) whose operations touch each table; computed without a database.
int CliApp::runSchemaDiff(const QCommandLineParser &args)
{
    const QStringList revisions = positional(args);
    if (revisions.size() != 2)
        return usage(QStringLiteral("schema-diff needs two revisions: FROM TO (ids, labels, heads, or base)"));
    std::unique_ptr<MigrationProject> opened = migrationProject(false);
    if (!opened) return Failure;
    Dialect dialect = Dialect::SQLite;
    bool mariadb = false;
    if (const int status = schemaDialect(args, opened->project(), &dialect, &mariadb); status != Success)
        return status;
    Result<QList<SchemaChange>> changes = schemaChangesBetween(opened->operations(), revisions.at(0), revisions.at(1), opened->versionTable(),
                                                               dialect, mariadb);
    if (!changes) return fail(changes.error());
    const auto shown = [&](QString cause) {
        return cause.replace(opened->project().rootDir() + QLatin1Char('/'), QString());
    };
    if (args.isSet(QStringLiteral("json"))) {
        QJsonArray list;
        for (const SchemaChange &c : *changes) {
            QStringList causes;
            for (const QString &cause : c.causes)
                causes << shown(cause);
            list.append(QJsonObject{{QStringLiteral("table"), c.table}, {QStringLiteral("change"), c.text},
                                    {QStringLiteral("causes"), QJsonArray::fromStringList(causes)}});
        }
        m_out << QJsonDocument(list).toJson(QJsonDocument::Indented);
        m_out.flush();
        return Success;
    }
    m_out << "# " << revisions.at(0) << " -> " << revisions.at(1) << ": " << changes->size()
          << " change(s), computed without a database " << schemaComputedHow(dialect, mariadb) << "\n"
          << schemaChangesText(*changes, opened->project().rootDir());
    m_out.flush();
    return Success;
}

// stairway: every revision up, down and up again on a scratch SQLite database; exit 1 when one
// fails or does not give back the schema.
int CliApp::runStairwayCheck(const QCommandLineParser &args)
{
    if (!positional(args).isEmpty())
        return usage(QStringLiteral("stairway takes no arguments"));
    std::unique_ptr<MigrationProject> opened = migrationProject(false);
    if (!opened) return Failure;
    const QString projectDir = opened->project().rootDir();
    const bool json = args.isSet(QStringLiteral("json"));
    const auto print = [&](const StairwayStep &step, int index, int count) {
        m_out << "[" << index + 1 << "/" << count << "] " << step.title << ": " << step.outcomeText() << "\n";
        if (!step.detail.isEmpty())
            m_out << "    " << step.detail << "\n";
        m_out.flush();
    };
    StairwayRecord record;
    qint64 ms = -1;
    QString where = stairwayPlace({});
    if (args.isSet(QStringLiteral("last"))) {
        // The check kept for this project (by this command or the window), without running it again.
        std::optional<StairwayRecord> kept = loadStairwayRecord(projectDir);
        if (!kept)
            return fail(QStringLiteral("no stairway check has been kept for this project: run retort-cli stairway"));
        record = *kept;
        if (!record.where.isEmpty())
            where = record.where;
        if (!json) {
            m_out << "# last check: " << record.finished.toLocalTime().toString(Qt::ISODate) << (record.stopped ? " (stopped)" : "") << "\n";
            for (int i = 0; i < record.steps.size(); ++i)
                print(record.steps.at(i), i, int(record.steps.size()));
        }
    } else {
        // With --url: on a scratch database next to that one on its server (never in it).
        std::optional<DatabaseUrl> server;
        if (!m_url.isEmpty()) {
            const std::optional<ResolvedDatabaseUrl> url = databaseUrl(&opened->project());
            if (!url) return Failure;
            server = url->url;
            where = stairwayPlace(server);
        }
        QElapsedTimer timer;
        timer.start();
        Result<QList<StairwayStep>> steps = runStairway(opened->operations(), opened->versionTable(),
                                                        [&](const StairwayStep &step, int index, int count) {
            if (!json)
                print(step, index, count);
            return true;
        }, server);
        if (!steps) return fail(steps.error());
        ms = timer.elapsed();
        record.finished = QDateTime::currentDateTimeUtc();
        record.steps = *steps;
        record.where = where;
        if (Status kept = saveStairwayRecord(projectDir, record); !kept)
            m_err << kProgram << ": warning: the results were not kept: " << kept.error().toString() << Qt::endl;
    }
    int problems = 0;
    int upOnly = 0;
    for (const StairwayStep &s : std::as_const(record.steps)) {
        problems += s.problem() ? 1 : 0;
        upOnly += s.outcome == StairwayStep::Outcome::BranchStep ? 1 : 0;
    }
    if (json) {
        QJsonArray list;
        for (const StairwayStep &s : std::as_const(record.steps))
            list.append(QJsonObject{{QStringLiteral("revision"), s.revision}, {QStringLiteral("outcome"), s.outcomeText()},
                                    {QStringLiteral("detail"), s.detail.isEmpty() ? QJsonValue() : QJsonValue(s.detail)}});
        m_out << QJsonDocument(list).toJson(QJsonDocument::Indented);
    } else {
        const int count = int(record.steps.size());
        m_out << (problems ? QStringLiteral("%1 of %2 revision(s) failed the stairway check").arg(problems).arg(count)
                           : QStringLiteral("No fault in %1 revision(s)").arg(count))
              << " (" << (count - upOnly) << " up, down and up again; " << upOnly << " up only"
              << (ms >= 0 ? QStringLiteral("; %1 ms").arg(ms) : QString()) << ", " << where << ").\n";
    }
    m_out.flush();
    return problems ? Failure : Success;
}

} // namespace retort::cli
