// Running retort-cli, Alembic and Python helpers as child processes in tests.
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace retort::test {

struct ProcessRun
{
    int exitCode = -1;   ///< -1: did not finish; -2: crashed
    QString out;
    QString err;
    /// "exit N / stdout / stderr" for failure messages.
    QString describe() const;
};

/// Runs program in workingDir (the temp folder when empty) with RETORT_DATABASE_URL removed from
/// the environment and the given variables added.
ProcessRun runProgram(const QString &program, const QStringList &arguments, const QString &workingDir = {},
                      const QMap<QString, QString> &environment = {}, int timeoutMs = 180000);

/// Real Alembic in a project folder (Debian's /usr/bin/alembic when installed, else python3 -m
/// alembic), with url in RETORT_DATABASE_URL when given.
ProcessRun runAlembic(const QString &projectDir, const QStringList &arguments, const QString &url = {});

/// A program run on a pseudo-terminal, as a person at a terminal runs it: isatty() is true for its
/// standard streams, it can be answered by typing, and its output (echo included) is read back.
class TerminalSession
{
public:
    TerminalSession() = default;
    ~TerminalSession();
    TerminalSession(const TerminalSession &) = delete;
    TerminalSession &operator=(const TerminalSession &) = delete;

    /// Starts program like runProgram does (RETORT_DATABASE_URL removed, environment added).
    bool start(const QString &program, const QStringList &arguments, const QString &workingDir,
               const QMap<QString, QString> &environment = {});
    /// Reads until text appears in the output; false after timeoutMs or when the program ended first.
    bool waitFor(const QString &text, int timeoutMs = 30000);
    /// Types text (include the newline).
    void type(const QString &text);
    /// Waits for the program to end: its exit code, -1 on time-out (it is killed), -2 when killed by a signal.
    int finish(int timeoutMs = 60000);
    /// Everything written to the terminal so far, with "\r\n" turned into "\n".
    QString output() const;

private:
    bool readAvailable(int waitMs);

    int m_master = -1;
    long m_pid = -1;
    int m_exitStatus = -1;
    QByteArray m_output;
};

} // namespace retort::test
