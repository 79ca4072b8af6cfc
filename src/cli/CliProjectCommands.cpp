// Alembic's project commands: init, list_templates, ensure_version, edit.
#include "CliApp.h"

#include "connection/Connection.h"
#include "migrations/ProjectHistory.h"
#include "project/DatabaseUrlSource.h"
#include "project/ProjectInit.h"
#include "runner/VersionTable.h"
#include "sql/Identifiers.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QSqlQuery>
#include <QStandardPaths>

namespace retort::cli {

namespace {

const QString kProgram = QStringLiteral("retort-cli");

} // namespace

int CliApp::runInit(const QCommandLineParser &args)
{
    const QStringList directories = positional(args);
    if (directories.size() != 1)
        return usage(QStringLiteral("init takes the folder to create, e.g. '%1 init migrations'").arg(kProgram));
    InitRequest request;
    request.directory = directories.first();
    if (!m_config.isEmpty())
        request.iniPath = m_config;
    if (args.isSet(QStringLiteral("template")))
        request.templateName = args.value(QStringLiteral("template"));
    request.package = args.isSet(QStringLiteral("package"));
    request.workingDir = m_projectDir.isEmpty() ? QDir::currentPath() : m_projectDir;
    Result<QStringList> lines = initProject(request);
    if (!lines)
        return fail(lines.error());
    for (const QString &line : std::as_const(*lines))
        m_out << line << "\n";
    m_out.flush();
    return Success;
}

int CliApp::runListTemplates(const QCommandLineParser &args)
{
    if (!args.positionalArguments().isEmpty())
        return usage(QStringLiteral("list_templates takes no arguments"));
    m_out << "Available templates:\n\n";
    for (const ProjectTemplate &t : projectTemplates())
        m_out << t.name << " - " << t.description << "\n";
    m_out << "\nTemplates are used via the 'init' command, e.g.:\n\n  " << kProgram << " init --template generic ./scripts\n";
    m_out.flush();
    return Success;
}

int CliApp::runEnsureVersion(const QCommandLineParser &args)
{
    if (!args.positionalArguments().isEmpty())
        return usage(QStringLiteral("ensure_version takes no arguments"));
    std::optional<Project> p = project();
    if (!p)
        return Failure;
    const VersionTableName table = VersionTableName::of(*p);
    if (args.isSet(QStringLiteral("sql"))) {
        std::optional<ResolvedDatabaseUrl> url = databaseUrl(&*p);
        if (!url)
            return Failure;
        // As Alembic's offline mode prints it: the table, then (no revision having run) its drop.
        m_out << versionTableDdl(url->url.dialect(), table.table, table.schema).replace(QLatin1Char('\t'), QStringLiteral("    "))
              << ";\n\nDROP TABLE " << quoteQualified(url->url.dialect(), table.table, table.schema) << ";\n\n";
        m_out.flush();
        return Success;
    }
    // Like upgrade, it creates a missing SQLite file.
    std::unique_ptr<Connection> connection = connect(&*p, true);
    if (!connection)
        return Failure;
    Result<bool> exists = tableExists(*connection, table.table, table.schema);
    if (!exists)
        return fail(exists.error());
    if (*exists)
        return Success;
    const QString sql = versionTableDdl(connection->dialect(), table.table, table.schema);
    QSqlQuery q(connection->database());
    if (!q.exec(sql))
        return fail(connection->queryError(QStringLiteral("Could not create the version table %1").arg(table.table), q.lastError(), sql));
    return Success;
}

namespace {

// The editor Alembic's open_in_editor picks: $EDITOR, then $VISUAL (a path as given, a name looked up
// on PATH), then sensible-editor, editor, nano, vim, code.
QString findEditor()
{
    QStringList candidates{QStringLiteral("sensible-editor"), QStringLiteral("editor"), QStringLiteral("nano"), QStringLiteral("vim"),
                           QStringLiteral("code")};
    int at = 0;
    for (const char *variable : {"EDITOR", "VISUAL"}) {
        if (!qEnvironmentVariableIsSet(variable))
            continue;
        const QString choice = qEnvironmentVariable(variable);
        if (QFileInfo::exists(choice))
            return choice;
        if (!choice.contains(QLatin1Char('/')))
            candidates.insert(at++, choice);
    }
    for (const QString &candidate : std::as_const(candidates)) {
        const QString found = QStandardPaths::findExecutable(candidate);
        if (!found.isEmpty())
            return found;
    }
    return {};
}

} // namespace

int CliApp::runEdit(const QCommandLineParser &args)
{
    const QStringList revs = positional(args);
    if (revs.size() != 1)
        return usage(QStringLiteral("edit takes one revision (an id, head, heads, current)"));
    std::optional<Project> p = project();
    if (!p)
        return Failure;
    const ProjectHistory history = ProjectHistory::load(*p);
    QStringList ids = revs;
    if (revs.first() == QLatin1String("current")) {
        std::unique_ptr<Connection> connection = connect(&*p);
        if (!connection)
            return Failure;
        Result<VersionTableState> state = readVersionTable(*connection, VersionTableName::of(*p));
        if (!state)
            return fail(state.error());
        if (state->revisions.isEmpty())
            return fail(QStringLiteral("No current revisions"));
        ids = state->revisions;
    }
    QStringList paths;
    try {
        for (const int index : history.graph.getRevisions(ids)) {
            if (index >= 0)
                paths << history.graph.scriptOf(index).path;
        }
    } catch (const RevisionGraph::GraphError &e) {
        return fail(e.message.isEmpty() ? QStringLiteral("Can't locate revision identified by '%1'").arg(e.argument) : e.message);
    }
    if (paths.isEmpty())
        return fail(QStringLiteral("No revision files indicated by symbol '%1'").arg(revs.first()));
    const QString editor = findEditor();
    if (editor.isEmpty())
        return fail(QStringLiteral("Error executing editor (No suitable editor found. Please set the \"EDITOR\" or \"VISUAL\" "
                                   "environment variables)"));
    for (const QString &path : std::as_const(paths)) {
        QProcess process;
        process.setProcessChannelMode(QProcess::ForwardedChannels);
        process.setInputChannelMode(QProcess::ForwardedInputChannel);
        process.start(editor, {path});
        if (!process.waitForStarted() || !process.waitForFinished(-1) || process.exitStatus() != QProcess::NormalExit
            || process.exitCode() != 0)
            return fail(QStringLiteral("Error executing editor (%1 %2 ended with %3)")
                            .arg(editor, path, process.error() == QProcess::FailedToStart ? process.errorString()
                                                                                          : QStringLiteral("status %1").arg(process.exitCode())));
    }
    return Success;
}

} // namespace retort::cli
