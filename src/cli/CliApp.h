// retort-cli: the headless front end. Parses the command line, calls core, prints results.
// Exit codes: 0 success, 1 failure (one line on stderr), 2 usage error.
#pragma once

#include <QStringList>
#include <QTextStream>

namespace retort::cli {

enum ExitCode { Success = 0, Failure = 1, UsageError = 2 };

class CliApp
{
public:
    CliApp(QTextStream &out, QTextStream &err) : m_out(out), m_err(err) {}

    /// Runs the command in arguments (arguments[0] is the program name).
    int run(const QStringList &arguments);

private:
    struct GlobalOptions
    {
        QString projectDir;
        QString url;
    };

    int runTables(const GlobalOptions &global, const QStringList &arguments);
    int fail(const QString &message);
    int usage(const QString &message);
    void printHelp();

    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace retort::cli
