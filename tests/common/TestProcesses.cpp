#include "TestProcesses.h"

#include <QDir>
#include <QFile>
#include <QProcess>

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

} // namespace retort::test
