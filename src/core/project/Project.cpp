// Project discovery. Alembic resolves script_location relative to the current directory, which in
// practice is the folder of alembic.ini; Flask-Migrate's ini has no script_location and means its own folder.
#include "project/Project.h"

#include "project/IniFile.h"

#include <QDir>
#include <QFileInfo>

namespace retort {

namespace {

bool isScriptDirectory(const QDir &dir)
{
    return dir.exists(QStringLiteral("env.py"));
}

QString findInstanceConfig(const QStringList &candidates)
{
    for (const QString &dir : candidates) {
        const QString path = QDir(dir).filePath(QStringLiteral("instance/config.py"));
        if (QFileInfo(path).isFile())
            return QDir::cleanPath(path);
    }
    return {};
}

} // namespace

Result<Project> Project::open(const QString &dirPath)
{
    const QFileInfo info(dirPath);
    if (!info.exists())
        return makeError(QStringLiteral("The project folder '%1' does not exist.").arg(dirPath));
    if (!info.isDir())
        return makeError(QStringLiteral("'%1' is not a folder; open the folder that holds alembic.ini.").arg(dirPath));

    const QDir dir(info.absoluteFilePath());
    Project project;
    project.m_rootDir = QDir::cleanPath(dir.absolutePath());

    if (dir.exists(QStringLiteral("alembic.ini"))) {
        project.m_iniPath = dir.filePath(QStringLiteral("alembic.ini"));
    } else if (dir.exists(QStringLiteral("migrations/alembic.ini"))) {
        project.m_iniPath = dir.filePath(QStringLiteral("migrations/alembic.ini"));
    }

    if (!project.m_iniPath.isEmpty()) {
        Result<IniFile> ini = IniFile::load(project.m_iniPath);
        if (!ini)
            return ini.error();
        const QString iniDir = QFileInfo(project.m_iniPath).absolutePath();
        const QString location = ini->value(QStringLiteral("alembic"), QStringLiteral("script_location")).trimmed();
        if (location.isEmpty()) {
            // Flask-Migrate: the ini lives inside the script directory.
            project.m_scriptLocation = iniDir;
        } else if (location.contains(QLatin1Char(':')) && !QDir::isAbsolutePath(location)) {
            Error e = makeError(QStringLiteral("script_location '%1' names a Python package resource; Retort "
                                               "needs a folder path.").arg(location));
            e.file = project.m_iniPath;
            e.line = ini->line(QStringLiteral("alembic"), QStringLiteral("script_location"));
            return e;
        } else {
            project.m_scriptLocation = QDir::cleanPath(QDir(iniDir).absoluteFilePath(location));
        }
        if (!QFileInfo(project.m_scriptLocation).isDir()) {
            Error e = makeError(QStringLiteral("The script_location folder '%1' does not exist.")
                                    .arg(project.m_scriptLocation));
            e.file = project.m_iniPath;
            e.line = ini->line(QStringLiteral("alembic"), QStringLiteral("script_location"));
            return e;
        }
    } else if (isScriptDirectory(dir)) {
        project.m_scriptLocation = project.m_rootDir;
    } else if (isScriptDirectory(QDir(dir.filePath(QStringLiteral("migrations"))))) {
        project.m_scriptLocation = QDir::cleanPath(dir.filePath(QStringLiteral("migrations")));
    } else {
        return makeError(QStringLiteral("No Alembic project in '%1': expected alembic.ini, migrations/alembic.ini "
                                        "or a script folder with env.py.").arg(project.m_rootDir));
    }

    // A Flask app keeps instance/ next to its migrations folder; when the user opened the
    // migrations folder itself, look one level up too.
    QStringList candidates{project.m_rootDir};
    if (!project.m_iniPath.isEmpty())
        candidates << QFileInfo(project.m_iniPath).absolutePath();
    const QString parent = QFileInfo(project.m_rootDir).absolutePath();
    if (project.m_scriptLocation == project.m_rootDir || QFileInfo(project.m_rootDir).fileName() == QLatin1String("migrations"))
        candidates << parent;
    project.m_instanceConfig = findInstanceConfig(candidates);
    return project;
}

QString Project::name() const
{
    return QFileInfo(m_rootDir).fileName();
}

QString Project::relativePath(const QString &path) const
{
    return QDir(m_rootDir).relativeFilePath(path);
}

} // namespace retort
