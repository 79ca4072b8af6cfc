#include "runner/PythonInterpreter.h"

#include <QDir>
#include <QFileInfo>
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

} // namespace retort
