// Command dispatch for retort-cli. Global options may stand before or after the command name.
#include "CliApp.h"

#include "project/Project.h"
#include "schema/SchemaJson.h"
#include "session/Workspace.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace retort::cli {

namespace {

const QString kProgram = QStringLiteral("retort-cli");

struct CommandInfo
{
    const char *name;
    const char *summary;
};

const CommandInfo kCommands[] = {
    {"tables", "List the live tables of the database and their columns."},
};

QList<QCommandLineOption> globalOptionList()
{
    return {
        QCommandLineOption(QStringLiteral("project"),
                           QStringLiteral("The project folder (with alembic.ini or migrations/). Default: the current folder."),
                           QStringLiteral("dir")),
        QCommandLineOption(QStringLiteral("url"),
                           QStringLiteral("SQLAlchemy database URL; overrides RETORT_DATABASE_URL and the project's configuration."),
                           QStringLiteral("url")),
    };
}

} // namespace

int CliApp::fail(const QString &message)
{
    m_err << kProgram << ": error: " << message << Qt::endl;
    return Failure;
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
          << "  -h, --help      show this help\n"
          << "  --version       show the version\n\n"
          << "The database URL is taken from, in order: --url, $RETORT_DATABASE_URL,\n"
          << "SQLALCHEMY_DATABASE_URI in instance/config.py, sqlalchemy.url in alembic.ini.\n\n"
          << "Commands:\n";
    for (const CommandInfo &c : kCommands)
        m_out << "  " << QString::fromLatin1(c.name).leftJustified(14) << c.summary << "\n";
    m_out << "\nRun '" << kProgram << " COMMAND --help' for a command's options.\n"
          << "Exit status: 0 success, 1 failure, 2 usage error.\n";
    m_out.flush();
}

int CliApp::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    parser.addOptions(globalOptionList());
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

    GlobalOptions global;
    global.projectDir = parser.value(QStringLiteral("project"));
    global.url = parser.value(QStringLiteral("url"));

    const QString command = positional.first();
    QStringList commandArguments{kProgram + QLatin1Char(' ') + command};
    commandArguments += positional.mid(1);
    if (command == QLatin1String("tables"))
        return runTables(global, commandArguments);
    return usage(QStringLiteral("unknown command '%1'").arg(command));
}

int CliApp::runTables(const GlobalOptions &inherited, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the live tables of the database and their columns."));
    parser.addOptions(globalOptionList());
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print JSON instead of text."));
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show help."));
    parser.addOption(jsonOption);
    parser.addOption(helpOption);
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(helpOption)) {
        m_out << parser.helpText();
        return Success;
    }
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("tables takes no arguments, got '%1'").arg(parser.positionalArguments().first()));

    GlobalOptions global = inherited;
    if (parser.isSet(QStringLiteral("project")))
        global.projectDir = parser.value(QStringLiteral("project"));
    if (parser.isSet(QStringLiteral("url")))
        global.url = parser.value(QStringLiteral("url"));

    WorkspaceRequest request;
    request.projectDir = global.projectDir;
    if (request.projectDir.isEmpty() && Project::open(QDir::currentPath()))
        request.projectDir = QDir::currentPath();   // like alembic, use the current folder when it is a project
    request.urlInputs = databaseUrlInputsFromEnvironment(global.url);
    const Workspace workspace = loadWorkspace(request);
    if (workspace.error)
        return fail(workspace.error->toString());
    const DatabaseSnapshot *snapshot = &*workspace.snapshot;
    const ResolvedDatabaseUrl *url = &*workspace.url;
    for (const QString &note : url->notes)
        m_err << kProgram << ": note: " << note << Qt::endl;

    if (parser.isSet(jsonOption)) {
        QJsonObject root = schemaToJson(snapshot->schema);
        root.insert(QStringLiteral("schema"), root.take(QStringLiteral("name")));
        root.insert(QStringLiteral("url"), snapshot->urlDisplay);
        root.insert(QStringLiteral("url_source"), url->source);
        root.insert(QStringLiteral("server_version"), snapshot->serverVersion);
        m_out << QJsonDocument(root).toJson(QJsonDocument::Indented);
        m_out.flush();
        return Success;
    }

    m_out << "# " << snapshot->urlDisplay << " (" << snapshot->serverVersion << "; URL from " << url->source << ")\n";
    if (snapshot->schema.tables.isEmpty())
        m_out << "(no tables)\n";
    for (const Table &table : snapshot->schema.tables) {
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
