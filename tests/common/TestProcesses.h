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

} // namespace retort::test
