#include "TestProcesses.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QDeadlineTimer>

#include <csignal>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

namespace retort::test {

QString ProcessRun::describe() const
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3").arg(QString::number(exitCode), out, err);
}

ProcessRun runProgram(const QString &program, const QStringList &arguments, const QString &workingDir,
                      const QMap<QString, QString> &environment, int timeoutMs)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("RETORT_DATABASE_URL"));
    env.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    for (auto it = environment.cbegin(); it != environment.cend(); ++it)
        env.insert(it.key(), it.value());
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(workingDir.isEmpty() ? QDir::tempPath() : workingDir);
    process.start(program, arguments);
    ProcessRun run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        run.err = QStringLiteral("timed out");
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

ProcessRun runAlembic(const QString &projectDir, const QStringList &arguments, const QString &url)
{
    QMap<QString, QString> env;
    if (!url.isEmpty())
        env.insert(QStringLiteral("RETORT_DATABASE_URL"), url);
    if (QFile::exists(QStringLiteral("/usr/bin/alembic")))
        return runProgram(QStringLiteral("/usr/bin/alembic"), arguments, projectDir, env);
    return runProgram(QStringLiteral("/usr/bin/python3"), QStringList{QStringLiteral("-m"), QStringLiteral("alembic")} + arguments,
                      projectDir, env);
}

TerminalSession::~TerminalSession()
{
    if (m_pid > 0) {
        ::kill(pid_t(m_pid), SIGKILL);
        ::waitpid(pid_t(m_pid), nullptr, 0);
    }
    if (m_master >= 0)
        ::close(m_master);
}

bool TerminalSession::start(const QString &program, const QStringList &arguments, const QString &workingDir,
                            const QMap<QString, QString> &environment)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("RETORT_DATABASE_URL"));
    for (auto it = environment.cbegin(); it != environment.cend(); ++it)
        env.insert(it.key(), it.value());
    // Everything the child needs is prepared before fork(): after it, only async-signal-safe calls.
    QList<QByteArray> argStorage{QFile::encodeName(program)};
    for (const QString &a : arguments)
        argStorage << a.toLocal8Bit();
    QList<QByteArray> envStorage;
    for (const QString &e : env.toStringList())
        envStorage << e.toLocal8Bit();
    std::vector<char *> argv;
    for (QByteArray &a : argStorage)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<char *> envp;
    for (QByteArray &e : envStorage)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    const QByteArray dir = QFile::encodeName(workingDir.isEmpty() ? QDir::tempPath() : workingDir);

    winsize size{};
    size.ws_row = 50;
    size.ws_col = 160;
    int master = -1;
    const pid_t pid = forkpty(&master, nullptr, nullptr, &size);
    if (pid < 0)
        return false;
    if (pid == 0) {
        if (::chdir(dir.constData()) != 0)
            _exit(126);
        ::execve(argv[0], argv.data(), envp.data());
        _exit(127);
    }
    m_master = master;
    m_pid = pid;
    return true;
}

bool TerminalSession::readAvailable(int waitMs)
{
    pollfd p{m_master, POLLIN, 0};
    if (::poll(&p, 1, waitMs) <= 0 || !(p.revents & POLLIN))
        return false;
    char buffer[4096];
    const ssize_t n = ::read(m_master, buffer, sizeof buffer);
    if (n <= 0)
        return false;
    m_output.append(buffer, int(n));
    return true;
}

bool TerminalSession::waitFor(const QString &text, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!output().contains(text)) {
        if (deadline.hasExpired())
            return false;
        int status = 0;
        if (m_pid > 0 && ::waitpid(pid_t(m_pid), &status, WNOHANG) == pid_t(m_pid)) {
            while (readAvailable(100)) {}
            m_pid = -1;
            m_exitStatus = status;
            return output().contains(text);
        }
        readAvailable(100);
    }
    return true;
}

void TerminalSession::type(const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    if (::write(m_master, bytes.constData(), size_t(bytes.size())) != bytes.size())
        qWarning("could not type into the terminal");
}

int TerminalSession::finish(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (m_pid > 0) {
        int status = 0;
        if (::waitpid(pid_t(m_pid), &status, WNOHANG) == pid_t(m_pid)) {
            m_pid = -1;
            m_exitStatus = status;
            while (readAvailable(100)) {}
            break;
        }
        if (deadline.hasExpired()) {
            ::kill(pid_t(m_pid), SIGKILL);
            ::waitpid(pid_t(m_pid), nullptr, 0);
            m_pid = -1;
            return -1;
        }
        readAvailable(50);
    }
    if (m_exitStatus < 0)
        return -1;
    return WIFEXITED(m_exitStatus) ? WEXITSTATUS(m_exitStatus) : -2;
}

QString TerminalSession::output() const
{
    return QString::fromUtf8(m_output).replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
}

} // namespace retort::test
