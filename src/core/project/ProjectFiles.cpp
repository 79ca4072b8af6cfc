#include "project/ProjectFiles.h"

#include <QDir>
#include <QDirIterator>
#include <QSet>

namespace retort {

namespace {

bool skippedFolder(const QString &name)
{
    static const QSet<QString> names = {QStringLiteral("venv"), QStringLiteral("env"), QStringLiteral("site-packages"),
                                        QStringLiteral("node_modules"), QStringLiteral("__pycache__"),
                                        QStringLiteral("build"), QStringLiteral("dist"), QStringLiteral("tests"),
                                        QStringLiteral("test")};
    return name.startsWith(QLatin1Char('.')) || names.contains(name);
}

} // namespace

void forEachProjectPythonFile(const Project &project, int maxFiles, const std::function<bool(const QString &)> &visit)
{
    QSet<QString> versionDirs;
    for (const QString &dir : project.versionLocations())
        versionDirs.insert(QDir::cleanPath(dir));
    QStringList pending{project.rootDir()};
    int visited = 0;
    while (!pending.isEmpty()) {
        const QString dir = pending.takeFirst();
        QDirIterator it(dir, QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks);
        QStringList subdirs;
        QStringList files;
        while (it.hasNext()) {
            it.next();
            const QFileInfo info = it.fileInfo();
            if (info.isDir()) {
                if (!skippedFolder(info.fileName()) && !versionDirs.contains(QDir::cleanPath(info.filePath())))
                    subdirs << info.filePath();
            } else if (info.suffix() == QLatin1String("py")) {
                files << info.filePath();
            }
        }
        subdirs.sort();
        files.sort();
        pending << subdirs;
        for (const QString &f : std::as_const(files)) {
            if (++visited > maxFiles || !visit(f))
                return;
        }
    }
}

} // namespace retort
