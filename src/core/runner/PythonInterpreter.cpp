#include "runner/PythonInterpreter.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>

namespace retort {

namespace {

bool isExecutableFile(const QString &path)
{
    const QFileInfo info(path);
    return info.exists() && info.isFile() && info.isExecutable();
}

// A virtualenv folder: pyvenv.cfg and bin/python, the folder itself not a link.
QString venvPython(const QString &folder)
{
    const QFileInfo dir(folder);
    if (!dir.isDir() || dir.isSymLink() || !QFileInfo::exists(QDir(folder).filePath(QStringLiteral("pyvenv.cfg"))))
        return {};
    const QString python = QDir(folder).filePath(QStringLiteral("bin/python"));
    return isExecutableFile(python) ? QDir::cleanPath(python) : QString();
}

// The project folder and its parents up to the repository root (the first with .git); only the
// project folder when it is in no repository.
QStringList searchFolders(const QString &projectRoot)
{
    QStringList folders;
    QDir dir(projectRoot);
    for (int depth = 0; depth < 64; ++depth) {
        folders << dir.absolutePath();
        if (QFileInfo::exists(dir.filePath(QStringLiteral(".git"))))
            return folders;
        if (!dir.cdUp())
            break;
    }
    return {QDir(projectRoot).absolutePath()};
}

} // namespace

Result<InterpreterChoice> chooseInterpreter(const Project &project, const InterpreterRequest &request,
                                            const QProcessEnvironment &environment)
{
    const auto named = [](const QString &path, const QString &source) -> Result<InterpreterChoice> {
        const QString absolute = QFileInfo(path).absoluteFilePath();
        if (!isExecutableFile(absolute))
            return makeError(QStringLiteral("%1 names %2, which is not an executable file; give the path of a Python "
                                            "interpreter (for example the project's .venv/bin/python)").arg(source, path));
        return InterpreterChoice{absolute, source};
    };
    if (!request.explicitPath.isEmpty())
        return named(request.explicitPath, QStringLiteral("--python"));
    if (const QString fromEnv = environment.value(QStringLiteral("RETORT_PYTHON")); !fromEnv.isEmpty())
        return named(fromEnv, QStringLiteral("RETORT_PYTHON"));
    if (!request.projectChoice.isEmpty())
        return named(request.projectChoice, QStringLiteral("the interpreter chosen for this project"));
    if (const QString active = environment.value(QStringLiteral("VIRTUAL_ENV")); !active.isEmpty()) {
        if (const QString python = venvPython(active); !python.isEmpty())
            return InterpreterChoice{python, QStringLiteral("the active virtualenv ($VIRTUAL_ENV)")};
    }
    for (const QString &folder : searchFolders(project.rootDir())) {
        for (const char *name : {".venv", "venv", "env"}) {
            const QString candidate = QDir(folder).filePath(QLatin1String(name));
            if (const QString python = venvPython(candidate); !python.isEmpty())
                return InterpreterChoice{python, QStringLiteral("the project's virtualenv (%1)").arg(project.relativePath(candidate))};
        }
    }
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("python3"),
                                                          environment.value(QStringLiteral("PATH")).split(QLatin1Char(':'), Qt::SkipEmptyParts));
    if (onPath.isEmpty())
        return makeError(QStringLiteral("No Python interpreter found: the project has no virtualenv (.venv, venv, env) and "
                                        "python3 is not on PATH; give one with --python or RETORT_PYTHON"));
    return InterpreterChoice{onPath, QStringLiteral("python3 on PATH")};
}

Result<InterpreterProbe> probeInterpreter(const InterpreterChoice &choice, int timeoutMs)
{
    // One line of JSON; a missing module is reported by name, not as a traceback.
    static const QString script = QStringLiteral(
        "import json, sys\n"
        "out = {'python': '%d.%d.%d' % sys.version_info[:3]}\n"
        "for name in ('alembic', 'sqlalchemy'):\n"
        "    try:\n"
        "        module = __import__(name)\n"
        "        out[name] = getattr(module, '__version__', '?')\n"
        "    except Exception as e:\n"
        "        out[name] = None\n"
        "        out[name + '_error'] = '%s: %s' % (type(e).__name__, e)\n"
        "print(json.dumps(out))\n");
    QProcess process;
    process.setProgram(choice.path);
    process.setArguments({QStringLiteral("-c"), script});
    process.setProcessChannelMode(QProcess::SeparateChannels);
    // Started outside any project folder, so that `import alembic` finds the installed package and
    // never a file of the project's.
    process.setWorkingDirectory(QDir::tempPath());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("RETORT_DATABASE_URL"));   // the project's Python never sees Retort's credentials
    process.setProcessEnvironment(environment);
    process.start();
    if (!process.waitForStarted(timeoutMs))
        return makeError(QStringLiteral("Could not start %1 (%2): %3").arg(choice.path, choice.source, process.errorString()));
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        return makeError(QStringLiteral("%1 (%2) did not answer within %3 s").arg(choice.path, choice.source).arg(timeoutMs / 1000));
    }
    const QByteArray output = process.readAllStandardOutput().left(64 * 1024);
    const QJsonObject answer = QJsonDocument::fromJson(output.trimmed().split('\n').constLast()).object();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0 || answer.isEmpty())
        return makeError(QStringLiteral("%1 (%2) is not a Python interpreter Retort can use").arg(choice.path, choice.source),
                         QString::fromUtf8(process.readAllStandardError().left(2000)).trimmed());
    QStringList missing;
    for (const char *name : {"alembic", "sqlalchemy"}) {
        if (answer.value(QLatin1String(name)).isNull())
            missing << QLatin1String(name);
    }
    if (!missing.isEmpty())
        return makeError(QStringLiteral("%1 (%2) cannot import %3, which the revisions that need Python run with; install "
                                        "%4 into it, or choose another interpreter with --python or RETORT_PYTHON")
                             .arg(choice.path, choice.source, missing.join(QStringLiteral(" and ")), missing.join(QStringLiteral(" and "))),
                         answer.value(missing.first() + QStringLiteral("_error")).toString());
    return InterpreterProbe{answer.value(QStringLiteral("python")).toString(), answer.value(QStringLiteral("alembic")).toString(),
                            answer.value(QStringLiteral("sqlalchemy")).toString()};
}

} // namespace retort
