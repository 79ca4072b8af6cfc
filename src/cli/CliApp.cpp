// Command dispatch for retort-cli. Global options may stand before or after the command name.
#include "CliApp.h"

#include "connection/Connection.h"
#include "migrations/ProjectHistory.h"
#include "project/DatabaseUrlSource.h"
#include "project/Project.h"
#include "schema/SchemaJson.h"
#include "session/Workspace.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>

namespace retort::cli {

namespace {

const QString kProgram = QStringLiteral("retort-cli");

QCommandLineOption flag(const QStringList &names, const QString &description)
{
    return QCommandLineOption(names, description);
}

QCommandLineOption valued(const QStringList &names, const QString &description, const QString &valueName)
{
    return QCommandLineOption(names, description, valueName);
}

QList<QCommandLineOption> globalOptions()
{
    return {valued({QStringLiteral("project")},
                   QStringLiteral("The project folder (with alembic.ini or migrations/). Default: the current folder."),
                   QStringLiteral("dir")),
            valued({QStringLiteral("url")},
                   QStringLiteral("SQLAlchemy database URL; overrides RETORT_DATABASE_URL and the project's configuration. "
                                  "Other users can read command lines (ps): give a password through RETORT_DATABASE_URL instead."),
                   QStringLiteral("url")),
            valued({QStringLiteral("python")},
                   QStringLiteral("The Python that runs the revisions that need Python (default: RETORT_PYTHON, the project's "
                                  "virtualenv, else python3)."),
                   QStringLiteral("path")),
            valued({QStringLiteral("c"), QStringLiteral("config")},
                   QStringLiteral("The ini file with the project's settings, as alembic -c (default: alembic.ini or "
                                  "migrations/alembic.ini in the project folder)."),
                   QStringLiteral("file")),
            valued({QStringLiteral("n"), QStringLiteral("name")},
                   QStringLiteral("The section of the ini file to read, as alembic -n (default: alembic); one per database."),
                   QStringLiteral("section")),
            valued({QStringLiteral("bind")},
                   QStringLiteral("Multi-database projects (flask db init --multidb): the one database to work on ('' is the "
                                  "default one); without it upgrade, downgrade, stamp and current go through every database."),
                   QStringLiteral("name")),
            valued({QStringLiteral("x")},
                   QStringLiteral("An argument for env.py and the revisions that need Python (context.get_x_argument()), as "
                                  "alembic -x; may be repeated, e.g. -x data=true."),
                   QStringLiteral("arg"))};
}

// Relative revision arguments ("-1", "+2") must reach the command as positional arguments, as
// they do with alembic, instead of being taken for options.
const QString kNegativeMarker = QStringLiteral("\u0001");

QStringList protectRelativeRevisions(const QStringList &arguments)
{
    static const QRegularExpression relative(QStringLiteral("^-\\d+$"));
    QStringList out;
    for (const QString &a : arguments) {
        // "--backup" alone means the default place; it must not swallow the next word as its path.
        if (a == QLatin1String("--backup"))
            out << QStringLiteral("--backup=");
        else
            out << (relative.match(a).hasMatch() ? kNegativeMarker + a : a);
    }
    return out;
}

} // namespace

const QList<CliApp::Command> &CliApp::commands()
{
    const QCommandLineOption verbose = flag({QStringLiteral("v"), QStringLiteral("verbose")}, QStringLiteral("Show full details."));
    const QCommandLineOption json = flag({QStringLiteral("json")}, QStringLiteral("Print JSON instead of text."));
    const QList<QCommandLineOption> migrateOptions = {
        flag({QStringLiteral("sql")}, QStringLiteral("Print the SQL instead of running it (offline mode, like alembic --sql).")),
        valued({QStringLiteral("dialect")}, QStringLiteral("With --sql: sqlite, postgresql or mysql (default: the URL's)."),
               QStringLiteral("name")),
        valued({QStringLiteral("lock-timeout")},
               QStringLiteral("Seconds to wait while another migration holds the lock (default 10)."), QStringLiteral("seconds")),
        valued({QStringLiteral("backup")},
               QStringLiteral("Back up the database first and check the backup (--backup alone: into ~/.local/share/retort/backups)."),
               QStringLiteral("path")),
        flag({QStringLiteral("no-backup")}, QStringLiteral("Migrate without a backup (without a terminal, one of the two is required).")),
    };
    const QCommandLineOption lockTimeout = migrateOptions.at(2);
    static const QList<Command> list{
        {QStringLiteral("tables"), QStringLiteral("List the live tables of the database and their columns."), QString(),
         {json}, &CliApp::runTables},
        {QStringLiteral("history"), QStringLiteral("List the revisions, newest first, in alembic's format."), QString(),
         {valued({QStringLiteral("r"), QStringLiteral("rev-range")}, QStringLiteral("Only this range: [start]:[end]."),
                 QStringLiteral("range")),
          verbose, flag({QStringLiteral("i"), QStringLiteral("indicate-current")}, QStringLiteral("Mark the database's revisions."))},
         &CliApp::runHistory},
        {QStringLiteral("heads"), QStringLiteral("Show the head revisions."), QString(),
         {verbose, flag({QStringLiteral("resolve-dependencies")}, QStringLiteral("Count dependencies as down revisions."))},
         &CliApp::runHeads},
        {QStringLiteral("branches"), QStringLiteral("Show the branch points."), QString(), {verbose}, &CliApp::runBranches},
        {QStringLiteral("show"), QStringLiteral("Show the revision(s) an identifier names."), QStringLiteral("REVISION"), {},
         &CliApp::runShow},
        {QStringLiteral("current"), QStringLiteral("Show the database's current revision(s)."), QString(), {verbose},
         &CliApp::runCurrent},
        {QStringLiteral("stamp"), QStringLiteral("Set the version table to these revisions without running migrations."),
         QStringLiteral("REVISION..."),
         {flag({QStringLiteral("purge")}, QStringLiteral("Empty the version table first.")),
          flag({QStringLiteral("sql")}, QStringLiteral("Print the version table's statements instead (from base, or FROM:TARGET)."))},
         &CliApp::runStamp},
        {QStringLiteral("validate"), QStringLiteral("Check the revision files and graph; exit 1 on errors."), QString(), {json, verbose},
         &CliApp::runValidate},
        {QStringLiteral("graph"), QStringLiteral("Print the revision graph as JSON or Graphviz DOT."), QString(),
         {valued({QStringLiteral("format")}, QStringLiteral("json (default) or dot."), QStringLiteral("format"))},
         &CliApp::runGraph},
        {QStringLiteral("plan"), QStringLiteral("Show the steps and version-table changes of an upgrade or downgrade."),
         QStringLiteral("upgrade|downgrade TARGET"),
         {valued({QStringLiteral("rows")},
                 QStringLiteral("Plan from these version rows (comma-separated) instead of the database's."), QStringLiteral("revs"))},
         &CliApp::runPlan},
        {QStringLiteral("upgrade"), QStringLiteral("Run the migrations up to a revision (heads, +N, an id); --sql prints the script."),
         QStringLiteral("[FROM:]TARGET"), migrateOptions, &CliApp::runUpgrade},
        {QStringLiteral("downgrade"), QStringLiteral("Run the downgrades down to a revision (base, -N, an id); --sql prints the script."),
         QStringLiteral("[FROM:]TARGET"), migrateOptions, &CliApp::runDowngrade},
        {QStringLiteral("backup"), QStringLiteral("Back up the database and check the backup (default folder: ~/.local/share/retort/backups)."),
         QStringLiteral("[FILE]"), {}, &CliApp::runBackup},
        {QStringLiteral("restore"), QStringLiteral("Put a backup taken by Retort back into the database it came from."),
         QStringLiteral("FILE"),
         {flag({QStringLiteral("yes")}, QStringLiteral("Restore without asking (required without a terminal).")), lockTimeout},
         &CliApp::runRestore},
        {QStringLiteral("log"), QStringLiteral("Show the migrations Retort ran on the database (its run log)."), QString(),
         {json, flag({QStringLiteral("statements")}, QStringLiteral("List the statements each step ran."))}, &CliApp::runLog},
        {QStringLiteral("diff"), QStringLiteral("Compare the models with the database as autogenerate does; also list likely renames."),
         QString(),
         {json, valued({QStringLiteral("models")}, QStringLiteral("Read this models file or package (repeatable)."), QStringLiteral("path")),
          valued({QStringLiteral("rename")}, QStringLiteral("A column renamed, not dropped and added: TABLE.OLD=NEW (repeatable)."), QStringLiteral("rename")),
          flag({QStringLiteral("compare-server-default")}, QStringLiteral("Compare server defaults too (like compare_server_default).")),
          flag({QStringLiteral("tables")}, QStringLiteral("List every table with where it stands (as the Schema tab shows them)."))},
         &CliApp::runDiff},
        {QStringLiteral("check"), QStringLiteral("Exit 1 when the models and the up-to-date database differ (like alembic check)."),
         QString(),
         {valued({QStringLiteral("models")}, QStringLiteral("Read this models file or package (repeatable)."), QStringLiteral("path")),
          valued({QStringLiteral("rename")}, QStringLiteral("A column renamed, not dropped and added: TABLE.OLD=NEW (repeatable)."), QStringLiteral("rename")),
          flag({QStringLiteral("compare-server-default")}, QStringLiteral("Compare server defaults too."))},
         &CliApp::runCheck},
        {QStringLiteral("revision"), QStringLiteral("Write a new revision file on the head; --autogenerate fills it from the differences."),
         QString(),
         {valued({QStringLiteral("m"), QStringLiteral("message")}, QStringLiteral("The revision message."), QStringLiteral("text")),
          flag({QStringLiteral("autogenerate")}, QStringLiteral("Write the operations that turn the database into the models.")),
          flag({QStringLiteral("batch")}, QStringLiteral("Wrap per-table changes in batch_alter_table (the default on SQLite and when env.py sets render_as_batch=True).")),
          flag({QStringLiteral("no-batch")}, QStringLiteral("Write plain op.* calls even where batch mode is the default.")),
          valued({QStringLiteral("head")}, QStringLiteral("Build on this revision when there are several heads (base: a new base)."),
                 QStringLiteral("rev")),
          flag({QStringLiteral("splice")}, QStringLiteral("Allow --head to name a revision that is not a head (a new branch).")),
          valued({QStringLiteral("rev-id")}, QStringLiteral("Use this revision id instead of a random one."), QStringLiteral("id")),
          valued({QStringLiteral("branch-label")}, QStringLiteral("Give the new revision this branch label."), QStringLiteral("label")),
          valued({QStringLiteral("depends-on")}, QStringLiteral("A revision the new one depends on (repeatable)."), QStringLiteral("rev")),
          valued({QStringLiteral("version-path")}, QStringLiteral("The version folder to write into (one of version_locations)."),
                 QStringLiteral("path")),
          valued({QStringLiteral("models")}, QStringLiteral("Read this models file or package (repeatable)."), QStringLiteral("path")),
          valued({QStringLiteral("rename")}, QStringLiteral("A column renamed, not dropped and added: TABLE.OLD=NEW (repeatable)."), QStringLiteral("rename")),
          flag({QStringLiteral("compare-server-default")}, QStringLiteral("Compare server defaults too."))},
         &CliApp::runRevision},
        {QStringLiteral("merge"), QStringLiteral("Write a revision that merges revisions (heads: every head), as alembic merge."),
         QStringLiteral("REVISION..."),
         {valued({QStringLiteral("m"), QStringLiteral("message")}, QStringLiteral("The revision message."), QStringLiteral("text")),
          valued({QStringLiteral("rev-id")}, QStringLiteral("Use this revision id instead of a random one."), QStringLiteral("id")),
          valued({QStringLiteral("branch-label")}, QStringLiteral("Give the merge revision this branch label."), QStringLiteral("label"))},
         &CliApp::runMerge},
        {QStringLiteral("init"), QStringLiteral("Create a new project: alembic.ini and a script folder (as alembic init)."),
         QStringLiteral("DIRECTORY"),
         {valued({QStringLiteral("t"), QStringLiteral("template")}, QStringLiteral("The template (list_templates shows them)."),
                 QStringLiteral("name")),
          flag({QStringLiteral("package")}, QStringLiteral("Write __init__.py files into the folder and versions/."))},
         &CliApp::runInit},
        {QStringLiteral("list_templates"), QStringLiteral("List the templates init can use."), QString(), {}, &CliApp::runListTemplates},
        {QStringLiteral("ensure_version"), QStringLiteral("Create the version table if it does not exist (--sql: print its DDL)."),
         QString(), {flag({QStringLiteral("sql")}, QStringLiteral("Print the CREATE TABLE instead of running it."))},
         &CliApp::runEnsureVersion},
        {QStringLiteral("edit"), QStringLiteral("Open a revision's file in $EDITOR (as alembic edit)."), QStringLiteral("REVISION"), {},
         &CliApp::runEdit},
        {QStringLiteral("inspect"), QStringLiteral("Read the live schema: tables, columns, keys, constraints, indexes, comments, views."),
         QString(),
         {json, valued({QStringLiteral("schema")}, QStringLiteral("Read this schema (PostgreSQL) or database (MySQL) instead of the default."),
                       QStringLiteral("name"))},
         &CliApp::runInspect},
        {QStringLiteral("schema-at"), QStringLiteral("The schema the revisions up to REVISION produce on an engine, computed without a database."),
         QStringLiteral("REVISION..."),
         {json, valued({QStringLiteral("dialect")}, QStringLiteral("sqlite, postgresql, mysql or mariadb (default: the project URL's engine, else sqlite)."),
                       QStringLiteral("name")),
          flag({QStringLiteral("run-python")}, QStringLiteral("Run the revisions that need Python through the project's Python (Alembic's offline "
                                                              "mode), on the scratch SQLite copy."))},
         &CliApp::runSchemaAt},
        {QStringLiteral("schema-diff"), QStringLiteral("What changes in the schema from one revision to another, and which revisions change it."),
         QStringLiteral("FROM TO"),
         {json, valued({QStringLiteral("dialect")}, QStringLiteral("sqlite, postgresql, mysql or mariadb (default: the project URL's engine, else sqlite)."),
                       QStringLiteral("name"))},
         &CliApp::runSchemaDiff},
        {QStringLiteral("stairway"), QStringLiteral("Run every revision up, down and up again on a scratch SQLite database; exit 1 on a fault."),
         QString(),
         {json, flag({QStringLiteral("last")}, QStringLiteral("Print the check last kept for this project (here or in the window) instead of running it."))},
         &CliApp::runStairwayCheck},
        {QStringLiteral("lint"), QStringLiteral("Check revisions for data loss, failures on full tables, long locks and engine or Alembic traps; exit 1 on errors."),
         QStringLiteral("[START:END | REVISION]"),
         {valued({QStringLiteral("dialect")}, QStringLiteral("sqlite, postgresql, mysql, mariadb or all (default: the project URL's engine, else all)."),
                 QStringLiteral("name")),
          valued({QStringLiteral("format")}, QStringLiteral("text, json or sarif (default: text)."), QStringLiteral("format")),
          flag({QStringLiteral("downgrades")}, QStringLiteral("Check downgrade() too, as a downgrade would run it.")),
          flag({QStringLiteral("rules")}, QStringLiteral("List the rules and exit."))},
         &CliApp::runLint},
        {QStringLiteral("diagram"), QStringLiteral("Draw the tables and their foreign keys: the models, the database, or both with the differences marked."),
         QString(),
         {valued({QStringLiteral("source")}, QStringLiteral("models, database or both (default: models, which needs no database)."),
                 QStringLiteral("source")),
          valued({QStringLiteral("format")}, QStringLiteral("svg (laid out by Graphviz) or dot (default: svg)."), QStringLiteral("format")),
          valued({QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Write to this file instead of standard output."), QStringLiteral("path")),
          valued({QStringLiteral("models")}, QStringLiteral("Read this models file or package (repeatable)."), QStringLiteral("path")),
          valued({QStringLiteral("rename")}, QStringLiteral("A column renamed, not dropped and added: TABLE.OLD=NEW (repeatable)."), QStringLiteral("rename")),
          flag({QStringLiteral("compare-server-default")}, QStringLiteral("Compare server defaults too."))},
         &CliApp::runDiagram},
        {QStringLiteral("identify"), QStringLiteral("Name the revision whose schema the database's tables match, whatever its version table says."),
         QString(), {json}, &CliApp::runIdentify},
        {QStringLiteral("models"), QStringLiteral("List the tables the SQLAlchemy models declare, read without running Python."),
         QString(),
         {json,
          valued({QStringLiteral("models")}, QStringLiteral("Read this file or package folder (repeatable; default: from env.py's "
                                                            "target_metadata, [tool.retort] models, or a scan)."),
                 QStringLiteral("path")),
          valued({QStringLiteral("flask-naming")}, QStringLiteral("Flask-SQLAlchemy table naming: 3 or 2 (default: the project's "
                                                                  "declared version, else 3)."), QStringLiteral("2|3"))},
         &CliApp::runModels},
    };
    return list;
}

int CliApp::fail(const QString &message)
{
    m_err << kProgram << ": error: " << message << Qt::endl;
    return Failure;
}

int CliApp::fail(const Error &error)
{
    return fail(error.toString());
}

int CliApp::usage(const QString &message)
{
    m_err << kProgram << ": " << message << Qt::endl
          << "Try '" << kProgram << " --help' for more information." << Qt::endl;
    return UsageError;
}

void CliApp::printHelp()
{
    m_out << "Usage: " << kProgram << " [--project DIR] [--url URL] COMMAND [options]\n\n"
          << "Retort's command line: inspect and migrate SQLAlchemy / Alembic projects without Python.\n\n"
          << "Global options:\n"
          << "  --project DIR   the project folder (alembic.ini, migrations/alembic.ini or env.py); default: current folder\n"
          << "  --url URL       SQLAlchemy database URL, e.g. postgresql://user:pass@localhost/app\n"
          << "  -c, --config FILE  the ini file (as alembic -c); -n, --name SECTION  its section (as alembic -n)\n"
          << "  -h, --help      show this help\n"
          << "  --version       show the version\n\n"
          << "The database URL is taken from, in order: --url, $RETORT_DATABASE_URL,\n"
          << "SQLALCHEMY_DATABASE_URI in instance/config.py, sqlalchemy.url in alembic.ini.\n\n"
          << "Commands:\n";
    qsizetype width = 0;
    for (const Command &c : commands())
        width = std::max(width, c.name.size());
    for (const Command &c : commands())
        m_out << "  " << c.name.leftJustified(width + 2) << c.summary << "\n";
    m_out << "\nRevision identifiers are alembic's: full or partial ids, head, heads, base, label@head,\n"
          << "+N, -N, rev+N, head-1. Run '" << kProgram << " COMMAND --help' for a command's options.\n"
          << "Exit status: 0 success, 1 failure, 2 usage error.\n";
    m_out.flush();
}

int CliApp::run(const QStringList &rawArguments)
{
    const QStringList arguments = protectRelativeRevisions(rawArguments);
    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    parser.addOptions(globalOptions());
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show help."));
    const QCommandLineOption versionOption(QStringLiteral("version"), QStringLiteral("Show the version."));
    parser.addOption(helpOption);
    parser.addOption(versionOption);
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(versionOption)) {
        m_out << kProgram << " " << RETORT_VERSION << Qt::endl;
        return Success;
    }
    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(helpOption) || positional.isEmpty()) {
        printHelp();
        return positional.isEmpty() && !parser.isSet(helpOption) ? UsageError : Success;
    }
    takeGlobalOptions(parser);

    const QString name = positional.first();
    for (const Command &command : commands()) {
        if (command.name != name)
            continue;
        QCommandLineParser commandParser;
        commandParser.setApplicationDescription(command.summary);
        commandParser.addOptions(globalOptions());
        commandParser.addOptions(command.options);
        commandParser.addOption(helpOption);
        if (!command.positionalSyntax.isEmpty())
            commandParser.addPositionalArgument(command.positionalSyntax, QString());
        if (!commandParser.parse(QStringList{kProgram + QLatin1Char(' ') + name} + positional.mid(1)))
            return usage(commandParser.errorText());
        if (commandParser.isSet(helpOption)) {
            QString help = commandParser.helpText();
            help.replace(QRegularExpression(QStringLiteral("^Usage: \\S+ ")), QStringLiteral("Usage: %1 %2 ").arg(kProgram, name));
            m_out << help;
            m_out.flush();
            return Success;
        }
        takeGlobalOptions(commandParser);   // given after the command name, they win
        if (m_config.isEmpty())
            m_config = qEnvironmentVariable("ALEMBIC_CONFIG");   // as alembic's -c default
        return runCommand(command, commandParser);
    }
    return usage(QStringLiteral("unknown command '%1'").arg(name));
}

void CliApp::takeGlobalOptions(const QCommandLineParser &parser)
{
    const auto take = [&parser](const char *name, QString *field) {
        if (parser.isSet(QLatin1String(name)))
            *field = parser.value(QLatin1String(name));
    };
    take("project", &m_projectDir);
    take("url", &m_url);
    take("python", &m_python);
    take("config", &m_config);
    take("name", &m_section);
    if (parser.isSet(QStringLiteral("x")))
        m_xArguments = parser.values(QStringLiteral("x"));
    if (parser.isSet(QStringLiteral("bind")))
        m_bind = parser.value(QStringLiteral("bind"));
}

// Multi-database projects: the commands that touch the version table go through every database in
// turn, as flask db does (each has its own version table), unless --bind names one.
int CliApp::runCommand(const Command &command, const QCommandLineParser &args)
{
    static const QStringList perDatabase{QStringLiteral("upgrade"), QStringLiteral("downgrade"), QStringLiteral("stamp"),
                                         QStringLiteral("current")};
    if (m_bind || !perDatabase.contains(command.name) || args.isSet(QStringLiteral("help")))
        return (this->*command.run)(args);
    const QString dir = m_projectDir.isEmpty() ? QDir::currentPath() : m_projectDir;
    Result<Project> opened = Project::open(dir, m_config, m_section);
    if (!opened || !opened->multiDatabase())
        return (this->*command.run)(args);
    if (!m_url.isEmpty() || qEnvironmentVariableIsSet("RETORT_DATABASE_URL"))
        return usage(QStringLiteral("this project keeps one database per bind (multidb): with --url or RETORT_DATABASE_URL, "
                                    "name the bind it is for with --bind"));
    Result<QStringList> binds = bindNames(*opened);
    if (!binds)
        return fail(binds.error());
    for (const QString &bind : std::as_const(*binds)) {
        m_bind = bind;
        m_out << "Database " << (bind.isEmpty() ? QStringLiteral("<default>") : bind) << ":\n";
        m_out.flush();
        if (const int status = (this->*command.run)(args); status != Success)
            return status;
    }
    m_bind.reset();
    return Success;
}

// ---- shared steps ------------------------------------------------------------------------------

QStringList CliApp::positional(const QCommandLineParser &args)
{
    QStringList out;
    for (QString a : args.positionalArguments())
        out << (a.startsWith(kNegativeMarker) ? a.mid(kNegativeMarker.size()) : a);
    return out;
}

std::optional<Project> CliApp::project()
{
    const QString dir = m_projectDir.isEmpty() ? QDir::currentPath() : m_projectDir;
    Result<Project> project = Project::open(dir, m_config, m_section);
    if (!project) {
        fail(project.error());
        return std::nullopt;
    }
    return project.value();
}

std::optional<ResolvedDatabaseUrl> CliApp::databaseUrl(const Project *project)
{
    DatabaseUrlInputs inputs = databaseUrlInputsFromEnvironment(m_url);
    if (m_bind) {
        if (project && !project->multiDatabase()) {
            fail(QStringLiteral("--bind is for multi-database projects (flask db init --multidb), and this is not one"));
            return std::nullopt;
        }
        inputs.bind = *m_bind;
    }
    Result<ResolvedDatabaseUrl> url = resolveDatabaseUrl(project, inputs);
    if (!url) {
        fail(url.error());
        return std::nullopt;
    }
    for (const QString &note : url->notes)
        m_err << kProgram << ": note: " << note << Qt::endl;
    return url.value();
}

std::unique_ptr<Connection> CliApp::connect(const Project *project, bool createSqliteFile)
{
    const std::optional<ResolvedDatabaseUrl> url = databaseUrl(project);
    if (!url)
        return nullptr;
    // upgrade and stamp create a missing SQLite file, as Alembic does (its folder must exist); every
    // other command refuses one, so that a mistyped path never becomes a new empty database.
    Connection::Options options;
    const bool create = createSqliteFile && url->url.dialect() == Dialect::SQLite && !url->url.isSqliteMemory()
                        && !QFileInfo::exists(url->url.database());
    options.createSqliteFile = create;
    Result<std::unique_ptr<Connection>> connection = Connection::open(url->url, options);
    if (connection && create)
        m_err << kProgram << ": note: created the SQLite database " << url->url.database() << " (it did not exist)" << Qt::endl;
    if (!connection) {
        fail(connection.error());
        return nullptr;
    }
    return std::move(connection).value();
}

// ---- tables ------------------------------------------------------------------------------------

int CliApp::runTables(const QCommandLineParser &args)
{
    if (!args.positionalArguments().isEmpty())
        return usage(QStringLiteral("tables takes no arguments, got '%1'").arg(args.positionalArguments().first()));

    WorkspaceRequest request;
    request.projectDir = m_projectDir;
    request.iniPath = m_config;
    request.section = m_section;
    if (request.projectDir.isEmpty() && Project::open(QDir::currentPath(), m_config, m_section))
        request.projectDir = QDir::currentPath();   // like alembic, use the current folder when it is a project
    request.urlInputs = databaseUrlInputsFromEnvironment(m_url);
    const Workspace workspace = loadWorkspace(request);
    if (workspace.error)
        return fail(*workspace.error);
    const DatabaseSnapshot &snapshot = *workspace.snapshot;
    const ResolvedDatabaseUrl &url = *workspace.url;
    for (const QString &note : url.notes)
        m_err << kProgram << ": note: " << note << Qt::endl;

    if (args.isSet(QStringLiteral("json"))) {
        QJsonObject root = schemaToJson(snapshot.schema);
        root.insert(QStringLiteral("schema"), root.take(QStringLiteral("name")));
        root.insert(QStringLiteral("url"), snapshot.urlDisplay);
        root.insert(QStringLiteral("url_source"), url.source);
        root.insert(QStringLiteral("server_version"), snapshot.serverVersion);
        m_out << QJsonDocument(root).toJson(QJsonDocument::Indented);
        m_out.flush();
        return Success;
    }

    m_out << "# " << snapshot.urlDisplay << " (" << snapshot.serverVersion << "; URL from " << url.source << ")\n";
    if (snapshot.schema.tables.isEmpty())
        m_out << "(no tables)\n";
    for (const Table &table : snapshot.schema.tables) {
        m_out << table.name << "\n";
        int nameWidth = 0;
        int typeWidth = 0;
        for (const Column &c : table.columns) {
            nameWidth = std::max(nameWidth, int(c.name.size()));
            typeWidth = std::max(typeWidth, int(c.type.size()));
        }
        for (const Column &c : table.columns) {
            QString line = QStringLiteral("  ") + c.name.leftJustified(nameWidth) + QStringLiteral("  ")
                           + c.type.leftJustified(typeWidth) + QStringLiteral("  ")
                           + (c.nullable ? QStringLiteral("NULL    ") : QStringLiteral("NOT NULL"));
            if (c.primaryKey)
                line += QStringLiteral("  PRIMARY KEY");
            if (!c.defaultValue.isEmpty())
                line += QStringLiteral("  DEFAULT ") + c.defaultValue;
            m_out << line.trimmed().prepend(QStringLiteral("  ")) << "\n";
        }
    }
    m_out.flush();
    return Success;
}

} // namespace retort::cli
