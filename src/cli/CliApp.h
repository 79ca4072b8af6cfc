// retort-cli: the headless front end. Parses the command line, calls core, prints results.
// Exit codes: 0 success, 1 failure (one line on stderr), 2 usage error.
#pragma once

#include "Result.h"
#include "runner/MigrationProject.h"
#include "compare/ProjectComparison.h"
#include "project/Project.h"
#include "schema/Schema.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QStringList>
#include <QTextStream>

#include <functional>
#include <memory>
#include <optional>

namespace retort {
class Project;
struct ProjectHistory;
struct ResolvedDatabaseUrl;
class Connection;
}

namespace retort::cli {

enum ExitCode { Success = 0, Failure = 1, UsageError = 2 };

class CliApp
{
public:
    /// in: where answers to questions come from; interactive: whether a person is there to answer.
    CliApp(QTextStream &out, QTextStream &err, QTextStream *in = nullptr, bool interactive = false)
        : m_out(out), m_err(err), m_in(in), m_interactive(interactive) {}

    /// Runs the command in arguments (arguments[0] is the program name).
    int run(const QStringList &arguments);

private:
    struct Command
    {
        QString name;
        QString summary;
        QString positionalSyntax;            ///< for help, e.g. "REVISION..."
        QList<QCommandLineOption> options;
        int (CliApp::*run)(const QCommandLineParser &);
    };
    static const QList<Command> &commands();

    // Commands (CliApp.cpp and CliHistoryCommands.cpp).
    int runTables(const QCommandLineParser &args);
    int runHistory(const QCommandLineParser &args);
    int runHeads(const QCommandLineParser &args);
    int runBranches(const QCommandLineParser &args);
    int runShow(const QCommandLineParser &args);
    int runCurrent(const QCommandLineParser &args);
    int runStamp(const QCommandLineParser &args);
    int runValidate(const QCommandLineParser &args);
    int runGraph(const QCommandLineParser &args);
    int runPlan(const QCommandLineParser &args);
    int runUpgrade(const QCommandLineParser &args);
    int runDowngrade(const QCommandLineParser &args);
    int runMigrate(const QCommandLineParser &args, bool upgrade);
    int runOffline(const QCommandLineParser &args, bool upgrade, const QString &start, const QString &target);
    int runBackup(const QCommandLineParser &args);
    int runRestore(const QCommandLineParser &args);
    int runLog(const QCommandLineParser &args);
    int runModels(const QCommandLineParser &args);
    int runInspect(const QCommandLineParser &args);
    int runSchemaAt(const QCommandLineParser &args);
    int runIdentify(const QCommandLineParser &args);
    int runSchemaDiff(const QCommandLineParser &args);
    int runStairwayCheck(const QCommandLineParser &args);
    int runLint(const QCommandLineParser &args);      // CliLintDiagramCommands.cpp
    int runDiagram(const QCommandLineParser &args);   // CliLintDiagramCommands.cpp
    int printSchema(const Schema &schema, Dialect dialect, bool json, const QString &header);
    int runDiff(const QCommandLineParser &args);
    int runCheck(const QCommandLineParser &args);
    int runRevision(const QCommandLineParser &args);
    int runMerge(const QCommandLineParser &args);
    int printStampSql(const Project &project, const ProjectHistory &history, const QStringList &revs, bool purge);
    int runInit(const QCommandLineParser &args);
    int runListTemplates(const QCommandLineParser &args);
    int runEnsureVersion(const QCommandLineParser &args);
    int runEdit(const QCommandLineParser &args);

    /// Models, live schema and their differences; requireUpToDate: refuse unless the database is at the heads.
    static ProjectComparisonOptions comparisonOptions(const QCommandLineParser &args);
    enum class DatabaseState { Any, AtHeads };   ///< check and autogenerate need the database at the heads
    std::optional<ProjectComparison> compareWithDatabase(const QCommandLineParser &args, DatabaseState required);
    /// diff --tables: every table and where it stands.
    int printTableStatuses(const ProjectComparison &comparison, bool json);
    /// A usage error (exit code) when a --rename is not TABLE.OLD=NEW.
    std::optional<int> checkRenames(const QCommandLineParser &args);

    /// Asks question on the terminal and returns the trimmed answer (empty on end of input).
    QString ask(const QString &question);
    /// Warnings for applied revisions whose files changed since they ran (validate).
    int reportChangedScripts(const Project &project, const ProjectHistory &history);

    // Shared steps; each prints its own error and returns nullopt on failure.
    std::optional<Project> project();
    std::optional<ProjectHistory> history(const Project &project, bool reportProblems = true);
    /// The project opened for migration work (history, operations, version table); null on failure.
    std::unique_ptr<MigrationProject> migrationProject(bool reportProblems = true);
    /// Like a compiler: a count of the history's problems on stderr (reportProblems), the usable rest still answers.
    void reportHistoryProblems(const ProjectHistory &history, bool reportProblems);
    /// For commands that take no arguments: checks that, then opens the project and its history.
    /// On failure *exitCode says how to exit.
    std::optional<std::pair<Project, ProjectHistory>> openHistory(const QCommandLineParser &args, const QString &command,
                                                                  int *exitCode, bool reportProblems = true);
    std::optional<ResolvedDatabaseUrl> databaseUrl(const Project *project);
    /// schema-at and schema-diff: the engine of --dialect, else the project URL's, else SQLite; the
    /// usage status (after its message) for an unknown name.
    int schemaDialect(const QCommandLineParser &args, const Project &project, Dialect *dialect, bool *mariadb);
    static QString schemaComputedHow(Dialect dialect, bool mariadb);
    /// createSqliteFile: a missing SQLite file is created (upgrade, stamp), and the user told so.
    std::unique_ptr<Connection> connect(const Project *project, bool createSqliteFile = false);

    /// The command's positional arguments, relative revisions ("-1") restored.
    static QStringList positional(const QCommandLineParser &args);
    /// The version rows: from --rows when given, else read from the database.
    std::optional<QStringList> versionRows(const Project &project, const QString &rowsOption = {});

    /// Prints "Generating PATH ...  done" and runs the project's post-write hooks on the file, as
    /// Alembic does; a hook that fails is reported and the file kept. The exit code.
    int finishRevisionFile(const Project &project, const QString &path);

    /// The global options (--project, --url, -c, …) set on parser.
    void takeGlobalOptions(const QCommandLineParser &parser);
    /// Runs command; on a multi-database project without --bind, once per database.
    int runCommand(const Command &command, const QCommandLineParser &args);

    int fail(const QString &message);
    int fail(const Error &error);
    int usage(const QString &message);
    void printHelp();

    QTextStream &m_out;
    QTextStream &m_err;
    QTextStream *m_in = nullptr;
    bool m_interactive = false;
    QString m_projectDir;
    QString m_url;
    QString m_python;   ///< --python
    std::optional<QString> m_bind;   ///< --bind: one database of a multi-database project
    QString m_config;   ///< -c / --config: the ini file
    QString m_section;  ///< -n / --name: its section
    QStringList m_xArguments;   ///< -x, for context.get_x_argument() in the revisions that need Python
};

} // namespace retort::cli
